package io.mtacorrelator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.workload.WorkloadRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Ships a generated estate ({@code io.mtacorrelator.workload}) through the shippers of a seeded mix: each MTA's event
 * log through one of every event format the correlator reads (Winlogbeat 8 and 6, NXLog with and without
 * RecordNumber, EVTX rendered XML, Event Viewer CSV of NT 4.0 and Windows 2000), its counters through Telegraf or
 * Metricbeat, and each connection's counter set with or without the sent counters (Outbound Messages Total, Send
 * Messages/sec), as many Telegraf and Metricbeat configurations leave them out. The content stays the generator's.
 */
public final class EstateReshipper {

    /** How one MTA's records are shipped. */
    public record Profile(FormatTranslator.EventFormat eventFormat, boolean nxlogWithoutRecordNumber, boolean metricbeat) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FormatTranslator.EventFormat[] EVENT_FORMATS = FormatTranslator.EventFormat.values();

    private final Random random;
    private final double unshippedSentCounterShare;
    private final RecordParser parser = new RecordParser();
    private final Map<String, Profile> profiles = new HashMap<>();
    private final Map<String, Boolean> sentCounterShipped = new HashMap<>();

    /** @param unshippedSentCounterShare share of connections whose samples carry no sent counter */
    public EstateReshipper(final long seed, final double unshippedSentCounterShare) {
        this.random = new Random(seed);
        this.unshippedSentCounterShare = unshippedSentCounterShare;
    }

    public Profile profile(final String mta) {
        return profiles.computeIfAbsent(mta, m -> new Profile(EVENT_FORMATS[random.nextInt(EVENT_FORMATS.length)],
                random.nextBoolean(), random.nextInt(3) == 0));
    }

    /** Whether the samples of mta → remote carry the sent counters. */
    public boolean shipsSentCounter(final String mta, final String remote) {
        return sentCounterShipped.computeIfAbsent(mta + "|" + remote, k -> random.nextDouble() >= unshippedSentCounterShare);
    }

    /** The record as this estate's shippers would write it. */
    public String reship(final WorkloadRecord record) {
        final ParseOutcome outcome = parser.parse(record.value());
        if (outcome instanceof ParseOutcome.Event e) {
            return event(e.event());
        }
        if (outcome instanceof ParseOutcome.Sample s) {
            return sample(s.sample());
        }
        throw new IllegalStateException("the generator wrote a record the parser does not read: " + outcome);
    }

    /** An event as this MTA's event shipper writes it. */
    public String event(final MtaEvent e) {
        final Profile profile = profile(e.getMta());
        final String winlogbeat = ShipperRecords.winlogbeat(e.getTimestamp(), e.getMta(), e.getProvider(), e.getEventId(),
                e.getCategory() == null ? "None" : e.getCategory(), e.getMessage());
        final String shipped = FormatTranslator.event(winlogbeat, profile.eventFormat());
        if (profile.eventFormat() != FormatTranslator.EventFormat.NXLOG || !profile.nxlogWithoutRecordNumber()) {
            return shipped;
        }
        try {
            final ObjectNode nxlog = (ObjectNode) JSON.readTree(shipped);
            nxlog.remove("RecordNumber");
            return nxlog.toString();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** A sample as this MTA's counter shipper writes it, with the counter set of its connection. */
    public String sample(final CounterSample s) {
        final Map<String, Number> fields = new HashMap<>();
        final boolean connection = s.getInstance() != null;
        s.getCounters().forEach((name, value) -> {
            final boolean sentCounter = "Outbound Messages Total".equals(name) || "Send Messages/sec".equals(name);
            if (!connection || !sentCounter || shipsSentCounter(s.getMta(), s.getInstance())) {
                fields.put(telegrafName(name), value % 1 == 0 ? (Number) Math.round(value) : (Number) value);
            }
        });
        final ObjectNode root = JSON.createObjectNode();
        final ObjectNode f = root.putObject("fields");
        fields.forEach((k, v) -> f.putPOJO(k, v));
        root.put("name", "win_perf_counters");
        final ObjectNode tags = root.putObject("tags").put("host", s.getMta()).put("objectname", s.getObjectName());
        if (connection) {
            tags.put("instance", s.getInstance());
        }
        root.put("timestamp", s.getTimestamp().getEpochSecond());
        return profile(s.getMta()).metricbeat() ? FormatTranslator.metricbeat(root.toString()) : root.toString();
    }

    /** Telegraf's sanitising of a perfmon counter name. */
    private static String telegrafName(final String perfmon) {
        return perfmon.replace("/sec", "_persec").replace("%", "Percent").replace(' ', '_');
    }

    /** The shipped record as bytes, for a topology or the plain correlator. */
    public static byte[] bytes(final String shipped) {
        return shipped.getBytes(StandardCharsets.UTF_8);
    }

    /** Every event format in use, for reports. */
    public List<Profile> profiles() {
        return List.copyOf(profiles.values());
    }

    /** For assertion messages: how each MTA was shipped. */
    public String describe() {
        final StringBuilder b = new StringBuilder();
        profiles.forEach((mta, p) -> b.append(mta).append(": ").append(p.eventFormat().name().toLowerCase(Locale.ROOT))
                .append(p.eventFormat() == FormatTranslator.EventFormat.NXLOG && p.nxlogWithoutRecordNumber() ? " (no RecordNumber)" : "")
                .append(", ").append(p.metricbeat() ? "metricbeat" : "telegraf").append("; "));
        sentCounterShipped.forEach((conn, shipped) -> {
            if (!shipped) {
                b.append(conn.replace('|', '>')).append(" without sent counter; ");
            }
        });
        return b.toString();
    }
}
