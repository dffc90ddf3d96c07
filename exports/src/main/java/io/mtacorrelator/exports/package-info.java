/** Export files (NDJSON, rendered EVTX XML, Event Viewer CSV/text) read as one raw record per event. */
package io.mtacorrelator.exports;
