package io.mtacorrelator.workload;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Event-log records and counter samples written the way the shippers write them (Winlogbeat 8 ECS JSON, NXLog
 * {@code to_json()}, Telegraf's win_perf_counters with the JSON serializer, Metricbeat's windows/perfmon), with the
 * MSExchangeMTA message texts of DOMAIN.md. Written as text directly: the generator makes millions of them.
 */
final class ShipperShapes {

    /** How an MTA's event log reaches Kafka. */
    enum EventShipper { WINLOGBEAT_8, NXLOG }

    /** How an MTA's counters reach Kafka. */
    enum CounterShipper { TELEGRAF, METRICBEAT }

    private static final DateTimeFormatter NXLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ShipperShapes() {
    }

    /** One event of the MSExchangeMTA (or NETLOGON) source, as the MTA's event shipper writes it. */
    static String event(final EventShipper shipper, final long timeMs, final String mta, final long recordId,
                        final LogEvent event) {
        final StringBuilder b = new StringBuilder(640);
        if (shipper == EventShipper.WINLOGBEAT_8) {
            final String iso = Instant.ofEpochMilli(timeMs).toString();
            b.append("{\"@timestamp\":\"").append(iso)
                    .append("\",\"agent\":{\"type\":\"winlogbeat\",\"version\":\"8.15.0\",\"name\":\"").append(mta)
                    .append("\"},\"ecs\":{\"version\":\"8.0.0\"},\"event\":{\"code\":\"").append(event.id)
                    .append("\",\"kind\":\"event\",\"provider\":\"").append(event.provider)
                    .append("\"},\"host\":{\"name\":\"").append(mta.toLowerCase(Locale.ROOT))
                    .append(".corp.example\"},\"log\":{\"level\":\"").append(event.level.toLowerCase(Locale.ROOT))
                    .append("\"},\"message\":\"").append(event.message)
                    .append("\",\"winlog\":{\"api\":\"eventlogging\",\"channel\":\"").append(event.channel)
                    .append("\",\"computer_name\":\"").append(mta)
                    .append("\",\"event_id\":\"").append(event.id)
                    .append("\",\"provider_name\":\"").append(event.provider)
                    .append("\",\"record_id\":").append(recordId)
                    .append(",\"task\":\"").append(event.category).append("\"}}");
        } else {
            b.append("{\"EventTime\":\"").append(NXLOG_TIME.format(Instant.ofEpochMilli(timeMs)))
                    .append("\",\"Hostname\":\"").append(mta)
                    .append("\",\"EventType\":\"").append(event.level.toUpperCase(Locale.ROOT))
                    .append("\",\"SourceName\":\"").append(event.provider)
                    .append("\",\"Channel\":\"").append(event.channel)
                    .append("\",\"EventID\":").append(event.id)
                    .append(",\"Category\":\"").append(event.category)
                    .append("\",\"RecordNumber\":").append(recordId)
                    .append(",\"Message\":\"").append(event.message)
                    .append("\",\"SourceModuleName\":\"eventlog\",\"SourceModuleType\":\"im_mseventlog\"}");
        }
        return b.toString();
    }

    /** One MSExchangeMTA Connections sample of the connection to {@code remote}. */
    static String connectionSample(final CounterShipper shipper, final long timeMs, final String mta, final String remote,
                                   final int queue, final int associations, final long outboundTotal, final long failedTotal,
                                   final double sendRate) {
        final StringBuilder b = new StringBuilder(420);
        if (shipper == CounterShipper.TELEGRAF) {
            b.append("{\"fields\":{\"Queue_Length\":").append(queue)
                    .append(",\"Associations\":").append(associations)
                    .append(",\"Current_Outbound_Associations\":").append(associations)
                    .append(",\"Failed_Outbound_Associations\":").append(failedTotal)
                    .append(",\"Outbound_Messages_Total\":").append(outboundTotal)
                    .append(",\"Send_Messages_persec\":").append(sendRate)
                    .append("},\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"").append(mta)
                    .append("\",\"instance\":\"").append(remote)
                    .append("\",\"objectname\":\"MSExchangeMTA Connections\"},\"timestamp\":").append(timeMs / 1000).append('}');
        } else {
            metricbeatHead(b, timeMs, mta, "MSExchangeMTA Connections");
            b.append(",\"instance\":\"").append(remote)
                    .append("\",\"metrics\":{\"queue_length\":").append(queue)
                    .append(",\"associations\":").append(associations)
                    .append(",\"failed_outbound_associations\":").append(failedTotal)
                    .append(",\"outbound_messages_total\":").append(outboundTotal)
                    .append(",\"send_messages_per_sec\":").append(sendRate)
                    .append("}}}}");
        }
        return b.toString();
    }

    /** One MSExchangeMTA (whole MTA) sample. */
    static String mtaSample(final CounterShipper shipper, final long timeMs, final String mta, final int workQueue,
                            final int associations) {
        final StringBuilder b = new StringBuilder(360);
        if (shipper == CounterShipper.TELEGRAF) {
            b.append("{\"fields\":{\"Work_Queue_Length\":").append(workQueue)
                    .append(",\"Adjacent_MTA_Associations\":").append(associations)
                    .append(",\"Free_Elements\":980,\"Threads_in_use\":24")
                    .append("},\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"").append(mta)
                    .append("\",\"objectname\":\"MSExchangeMTA\"},\"timestamp\":").append(timeMs / 1000).append('}');
        } else {
            metricbeatHead(b, timeMs, mta, "MSExchangeMTA");
            b.append(",\"metrics\":{\"work_queue_length\":").append(workQueue)
                    .append(",\"adjacent_mta_associations\":").append(associations)
                    .append(",\"free_elements\":980,\"threads_in_use\":24}}}}");
        }
        return b.toString();
    }

    private static void metricbeatHead(final StringBuilder b, final long timeMs, final String mta, final String object) {
        b.append("{\"@timestamp\":\"").append(Instant.ofEpochMilli(timeMs))
                .append("\",\"agent\":{\"type\":\"metricbeat\",\"version\":\"8.13.4\",\"name\":\"").append(mta)
                .append("\"},\"event\":{\"dataset\":\"windows.perfmon\",\"module\":\"windows\"},\"host\":{\"name\":\"")
                .append(mta.toLowerCase(Locale.ROOT))
                .append("\"},\"metricset\":{\"name\":\"perfmon\",\"period\":15000},\"windows\":{\"perfmon\":{\"object\":\"")
                .append(object).append('"');
    }

    /** An event-log entry: its source, ID and rendered message (no characters that need JSON escaping). */
    record LogEvent(String provider, int id, String category, String level, String channel, String message) {

        static LogEvent mta(final int id, final String category, final String level, final String message) {
            return new LogEvent("MSExchangeMTA", id, category, level, "Application", message);
        }

        static LogEvent rpcCancel(final int ltab, final String operation, final long elapsedMs, final String binding) {
            return mta(9277, "Interface", "Warning", "The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: "
                    + ltab + ", Time (ms): " + elapsedMs + ", Cancel result: 0 [SLPS100 " + operation
                    + (binding == null ? "" : " " + binding) + " BASE IL] (14)");
        }

        static LogEvent noDataSent(final int ltab, final int ntError) {
            return mta(9316, "Interface", "Warning", "An RPC communications error occurred. No data was sent over the RPC "
                    + "connection. Locality table (LTAB) index: " + ltab + ". Windows NT error: " + ntError
                    + ". The MTA will attempt to recover the RPC connection. [BASE IL KERNEL 24 512] (12)");
        }

        static LogEvent bindFailed(final int ltab) {
            return mta(9318, "Interface", "Warning", "An RPC communications error occurred. Unable to bind over RPC. The "
                    + "locality table (LTAB) index is " + ltab + ". Windows NT error code: 1722. [BASE IL MAIN BASE 1 500] (12)");
        }

        static LogEvent bindBackFailed(final int ltab) {
            return mta(9322, "Interface", "Warning", "An RPC communications error occurred. MtaBindBack over RPC failed. "
                    + "Locality Table (LTAB) index: " + ltab + ", NT/MTA error code: 1722. [BASE IL MAIN BASE 1 500] (14)");
        }

        static LogEvent socketRefused() {
            return mta(9215, "Operating System", "Warning", "A sockets error 10061 on a connect() call was detected. The MTA "
                    + "will attempt to recover the sockets connection. Control block index: 1. [BASE IL TCP/IP DRVR 8 274] (12)");
        }

        static LogEvent started() {
            return mta(9298, "Operating System", "Information", "The Message Transfer Agent service started.");
        }

        static LogEvent stopped() {
            return mta(9299, "Operating System", "Information", "The Message Transfer Agent service stopped.");
        }

        static LogEvent rasFailure() {
            return mta(1294, "Interface", "Error", "A RAS connection to the remote site failed.");
        }

        static LogEvent netlogonNoDomainController() {
            return new LogEvent("NETLOGON", 5719, "None", "Error", "System",
                    "No Windows NT Domain Controller is available for domain CORP. The following error occurred: There are "
                            + "currently no logon servers available to service the logon request.");
        }
    }
}
