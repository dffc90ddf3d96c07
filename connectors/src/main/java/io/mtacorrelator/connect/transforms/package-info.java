/** Single message transforms that render incident records as ECS, OCSF or CEF for SIEM sinks. */
package io.mtacorrelator.connect.transforms;
