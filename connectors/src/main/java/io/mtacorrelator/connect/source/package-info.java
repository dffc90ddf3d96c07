/** Archive ingest: event-log and counter exports read into the raw topics as the records a shipper would publish. */
package io.mtacorrelator.connect.source;
