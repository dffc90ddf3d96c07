/**
 * The Kafka Connect plugin: transforms that render incident records as ECS, OCSF or CEF for SIEM sinks
 * ({@code transforms}), and a source connector that reads event-log archives into the raw topics ({@code source}).
 */
package io.mtacorrelator.connect;
