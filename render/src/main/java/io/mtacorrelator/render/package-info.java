/** Incident renderings shared by the streams app and the Connect plugin. */
package io.mtacorrelator.render;
