package io.mtacorrelator.workload;

/**
 * One raw shipper record as a log shipper would publish it.
 *
 * @param mta         the MTA it is about (the record key a shipper that keys by host would use)
 * @param eventTimeMs its event time (the Kafka timestamp a replay gives it)
 * @param counter     true for a performance-counter sample, false for an event-log record
 * @param value       the record, UTF-8 JSON in the shipper's shape
 */
public record WorkloadRecord(String mta, long eventTimeMs, boolean counter, byte[] value) {
}
