package io.mtacorrelator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Raw shipper records as Winlogbeat 8 and Telegraf write them, for the Given part of tests. */
public final class ShipperRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicLong RECORD_IDS = new AtomicLong(1000);

    private ShipperRecords() {
    }

    public static String winlogbeat(final Instant time, final String host, final String provider, final int eventId,
                                    final String task, final String message) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("@timestamp", time.toString());
        root.putObject("event").put("code", String.valueOf(eventId)).put("kind", "event").put("provider", provider);
        root.putObject("host").put("name", host.toLowerCase() + ".corp.example");
        root.put("message", message);
        final ObjectNode winlog = root.putObject("winlog");
        winlog.put("api", "eventlogging").put("channel", "Application").put("computer_name", host)
                .put("event_id", String.valueOf(eventId)).put("provider_name", provider)
                .put("record_id", RECORD_IDS.incrementAndGet()).put("task", task);
        return root.toString();
    }

    public static String rpcNoData(final Instant time, final String host, final int ltab, final int ntError) {
        return winlogbeat(time, host, "MSExchangeMTA", 9316, "Interface",
                "An RPC communications error occurred. No data was sent over the RPC connection. Locality table (LTAB) index: "
                        + ltab + ". Windows NT error: " + ntError + ". The MTA will attempt to recover the RPC connection. "
                        + "[BASE IL KERNEL 24 512] (12)");
    }

    public static String rpcCancel(final Instant time, final String host, final int ltab, final String operation) {
        return rpcCancel(time, host, ltab, operation, 1);
    }

    /** A 9277 of one MTA thread: threads cancel their own RPCs, so two threads can log one in the same second. */
    public static String rpcCancel(final Instant time, final String host, final int ltab, final String operation, final int thread) {
        return rpcCancel(time, host, ltab, operation, thread, "10.1.2.20");
    }

    /** A 9277 whose binding string names the remote's network address. */
    public static String rpcCancel(final Instant time, final String host, final int ltab, final String operation, final int thread,
                                   final String remoteAddress) {
        return winlogbeat(time, host, "MSExchangeMTA", 9277, "Interface",
                "The MTA has issued an RPC Cancel call for thread " + thread + ", Locality Table Index: " + ltab
                        + ", Time (ms): 1275740, Cancel result: 0 [SLPS100 " + operation
                        + " ncacn_ip_tcp:" + remoteAddress + "[1911] BASE IL] (14)");
    }

    public static String bindFailed(final Instant time, final String host, final int ltab) {
        return winlogbeat(time, host, "MSExchangeMTA", 9318, "Interface",
                "An RPC communications error occurred. Unable to bind over RPC. The locality table (LTAB) index is "
                        + ltab + ". Windows NT error code: 1722. [BASE IL MAIN BASE 1 500] (12)");
    }

    public static String socketRefused(final Instant time, final String host) {
        return winlogbeat(time, host, "MSExchangeMTA", 9215, "Operating System",
                "A sockets error 10061 on a connect() call was detected. The MTA will attempt to recover the sockets "
                        + "connection. Control block index: 1. [BASE IL TCP/IP DRVR 8 274] (12)");
    }

    public static String mtaEvent(final Instant time, final String host, final int eventId, final String message) {
        return winlogbeat(time, host, "MSExchangeMTA", eventId, "Interface", message);
    }

    public static String rpcNoDataError(final Instant time, final String host, final int ltab, final int ntError) {
        return rpcNoData(time, host, ltab, ntError);
    }

    public static String bindBackFailed(final Instant time, final String host, final int ltab) {
        return mtaEvent(time, host, 9322, "An RPC communications error occurred. MtaBindBack over RPC failed. Locality Table "
                + "(LTAB) index: " + ltab + ", NT/MTA error code: 1722. [BASE IL MAIN BASE 1 500] (14)");
    }

    public static String bindFailedNamingRemote(final Instant time, final String host, final int ltab, final String remote) {
        return mtaEvent(time, host, 9318, "An RPC communications error occurred. Unable to bind over RPC. Locality Table (LTAB) "
                + "index: " + ltab + ", NT/MTA error code: 1722. Comms error 1722, Bind error 1722, Remote Server Name "
                + remote + " [MAIN BASE 1 500 %10] (14)");
    }

    public static String mtaStarted(final Instant time, final String host) {
        return winlogbeat(time, host, "MSExchangeMTA", 9298, "Operating System", "The Message Transfer Agent service started.");
    }

    public static String associationLimit(final Instant time, final String host) {
        return winlogbeat(time, host, "MSExchangeMTA", 57, "Resource", "The association limit has been reached.");
    }

    public static String rasFailure(final Instant time, final String host) {
        return winlogbeat(time, host, "MSExchangeMTA", 1294, "Interface", "A RAS connection to the remote site failed.");
    }

    public static String netlogonNoDc(final Instant time, final String host) {
        return winlogbeat(time, host, "NETLOGON", 5719, "None", "No Windows NT Domain Controller is available for domain CORP.");
    }

    public static String mtaSample(final Instant time, final String host, final int workQueueLength) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.putObject("fields").put("Work_Queue_Length", workQueueLength);
        root.put("name", "win_perf_counters");
        root.putObject("tags").put("host", host).put("objectname", "MSExchangeMTA");
        root.put("timestamp", time.getEpochSecond());
        return root.toString();
    }

    public static String connectionSample(final Instant time, final String host, final String remote, final int queue,
                                          final int associations, final long outboundTotal) {
        return connectionSample(time, host, remote, Map.of(
                "Queue_Length", queue,
                "Associations", associations,
                "Outbound_Messages_Total", outboundTotal,
                "Failed_Outbound_Associations", 0));
    }

    public static String connectionSample(final Instant time, final String host, final String remote,
                                          final Map<String, ? extends Number> fields) {
        final ObjectNode root = MAPPER.createObjectNode();
        final ObjectNode f = root.putObject("fields");
        fields.forEach((k, v) -> f.putPOJO(k, v));
        root.put("name", "win_perf_counters");
        root.putObject("tags").put("host", host).put("instance", remote).put("objectname", "MSExchangeMTA Connections");
        root.put("timestamp", time.getEpochSecond());
        return root.toString();
    }
}
