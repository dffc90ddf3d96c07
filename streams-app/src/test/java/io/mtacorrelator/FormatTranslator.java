package io.mtacorrelator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Re-ships a Winlogbeat event or a Telegraf sample (as {@link ShipperRecords} writes them) the way another
 * shipper would: NXLog JSON, EVTX rendered XML, Event Viewer CSV (NT 4.0 or Windows 2000 column order),
 * Winlogbeat 6.x, Metricbeat perfmon, Telegraf collecting remotely or in batches; and whole export files (an
 * {@code <Events>} document pretty-printed, a Vista Event Viewer CSV with multi-line descriptions). The content is
 * the same; only the envelope changes.
 */
public final class FormatTranslator {

    public enum EventFormat { WINLOGBEAT, NXLOG, EVTX_XML, CSV_NT4, CSV_W2K, WINLOGBEAT_6 }

    private static final DateTimeFormatter VISTA_DATE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter NXLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CSV_DATE_NT4 = DateTimeFormatter.ofPattern("M/d/yy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CSV_DATE_W2K = DateTimeFormatter.ofPattern("M/d/yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    private FormatTranslator() {
    }

    public static String event(final String winlogbeatJson, final EventFormat format) {
        final JsonNode w = read(winlogbeatJson);
        final Instant time = Instant.parse(w.get("@timestamp").asText());
        final String host = w.path("winlog").path("computer_name").asText();
        final String provider = w.path("winlog").path("provider_name").asText();
        final int id = Integer.parseInt(w.path("winlog").path("event_id").asText());
        final String task = w.path("winlog").path("task").asText("None");
        final String message = w.path("message").asText();
        final long recordId = w.path("winlog").path("record_id").asLong();
        return switch (format) {
            case WINLOGBEAT -> winlogbeatJson;
            case NXLOG -> {
                final ObjectNode n = MAPPER.createObjectNode();
                n.put("EventTime", NXLOG_TIME.format(time)).put("Hostname", host).put("EventType", "WARNING")
                        .put("SourceName", provider).put("FileName", "Application").put("EventID", id)
                        .put("Category", task).put("RecordNumber", recordId).put("Message", message)
                        .put("SourceModuleType", "im_mseventlog");
                yield n.toString();
            }
            case EVTX_XML -> "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\""
                    + provider + "\"/><EventID Qualifiers=\"49152\">" + id + "</EventID><Level>3</Level><TimeCreated SystemTime=\""
                    + time + "\"/><EventRecordID>" + recordId + "</EventRecordID><Channel>Application</Channel><Computer>"
                    + host.toLowerCase(Locale.ROOT) + ".corp.example</Computer></System><EventData></EventData>"
                    + "<RenderingInfo Culture=\"en-US\"><Message>" + xml(message) + "</Message><Task>" + xml(task)
                    + "</Task></RenderingInfo></Event>";
            case CSV_NT4 -> String.join(",", CSV_DATE_NT4.format(time), CSV_TIME.format(time), provider, "Warning", task,
                    String.valueOf(id), "N/A", host, message);
            case CSV_W2K -> String.join(",", "Warning", CSV_DATE_W2K.format(time), CSV_TIME.format(time), provider, task,
                    String.valueOf(id), "N/A", host, "\"" + message.replace("\"", "\"\"") + "\"");
            case WINLOGBEAT_6 -> {
                // Winlogbeat 6.x (Windows Server 2003): event-log fields at the top level, record_number a string.
                final ObjectNode n = MAPPER.createObjectNode();
                n.put("@timestamp", time.toString());
                n.putObject("beat").put("hostname", host).put("name", host).put("version", "6.8.23");
                n.put("computer_name", host.toLowerCase(Locale.ROOT) + ".corp.example").put("event_id", id)
                        .put("level", "Warning").put("log_name", "Application").put("message", message)
                        .put("record_number", String.valueOf(recordId)).put("source_name", provider).put("task", task)
                        .put("type", "eventlogging");
                yield n.toString();
            }
        };
    }

    /** Telegraf on another machine reading the MTA's counters remotely: host is the collector, source the MTA. */
    public static String telegrafRemote(final String telegrafJson, final String collector) {
        final ObjectNode t = (ObjectNode) read(telegrafJson);
        final ObjectNode tags = (ObjectNode) t.get("tags");
        tags.put("source", tags.path("host").asText());
        tags.put("host", collector);
        return t.toString();
    }

    /** Telegraf samples as outputs.file writes them with use_batch_format: one {"metrics":[...]} line per batch. */
    public static List<String> telegrafBatches(final List<String> telegrafJsons, final int batchSize) {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < telegrafJsons.size(); i += batchSize) {
            lines.add("{\"metrics\":[" + String.join(",", telegrafJsons.subList(i, Math.min(telegrafJsons.size(), i + batchSize)))
                    + "]}");
        }
        return lines;
    }

    /**
     * Winlogbeat events as one pretty-printed {@code <Events>} document, as Event Viewer saves them ("Save as XML")
     * or a WEF collector's wevtutil query writes them: each event over many lines, its message broken after the
     * first sentence.
     */
    public static String evtxDocument(final List<String> winlogbeatJsons) {
        final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Events>\r\n");
        for (final String json : winlogbeatJsons) {
            final JsonNode w = read(json);
            final String host = w.path("winlog").path("computer_name").asText();
            xml.append("  <Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\r\n")
                    .append("    <System>\r\n")
                    .append("      <Provider Name=\"").append(w.path("winlog").path("provider_name").asText()).append("\" />\r\n")
                    .append("      <EventID Qualifiers=\"49152\">").append(w.path("winlog").path("event_id").asText()).append("</EventID>\r\n")
                    .append("      <Level>3</Level>\r\n")
                    .append("      <TimeCreated SystemTime=\"").append(w.get("@timestamp").asText()).append("\" />\r\n")
                    .append("      <EventRecordID>").append(w.path("winlog").path("record_id").asText()).append("</EventRecordID>\r\n")
                    .append("      <Channel>Application</Channel>\r\n")
                    .append("      <Computer>").append(host.toLowerCase(Locale.ROOT)).append(".corp.example</Computer>\r\n")
                    .append("    </System>\r\n")
                    .append("    <EventData />\r\n")
                    .append("    <RenderingInfo Culture=\"en-US\">\r\n")
                    .append("      <Message>").append(xml(multiLine(w.path("message").asText()))).append("</Message>\r\n")
                    .append("      <Task>").append(xml(w.path("winlog").path("task").asText())).append("</Task>\r\n")
                    .append("    </RenderingInfo>\r\n")
                    .append("  </Event>\r\n");
        }
        return xml.append("</Events>\r\n").toString();
    }

    /**
     * Winlogbeat events as an Event Viewer (Vista and later) "Save All Events As" CSV: the five-name header, date and
     * time in one column, no computer column, the description quoted over several lines.
     */
    public static String eventViewerCsv(final List<String> winlogbeatJsons) {
        final StringBuilder csv = new StringBuilder("Level,Date and Time,Source,Event ID,Task Category\r\n");
        for (final String json : winlogbeatJsons) {
            final JsonNode w = read(json);
            csv.append(String.join(",", "Warning", VISTA_DATE_TIME.format(Instant.parse(w.get("@timestamp").asText())),
                    w.path("winlog").path("provider_name").asText(), w.path("winlog").path("event_id").asText(),
                    w.path("winlog").path("task").asText(),
                    "\"" + multiLine(w.path("message").asText()).replace("\"", "\"\"") + "\"")).append("\r\n");
        }
        return csv.toString();
    }

    /** The message with a line break after its first sentence, as Windows renders many event descriptions. */
    private static String multiLine(final String message) {
        final int stop = message.indexOf(". ");
        return stop < 0 ? message : message.substring(0, stop + 1) + "\r\n" + message.substring(stop + 2);
    }

    /** A Telegraf win_perf_counters sample as Metricbeat windows/perfmon ships it (snake_case metric names). */
    public static String metricbeat(final String telegrafJson) {
        final JsonNode t = read(telegrafJson);
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("@timestamp", Instant.ofEpochSecond(t.get("timestamp").asLong()).toString());
        n.putObject("host").put("name", t.path("tags").path("host").asText().toLowerCase(Locale.ROOT));
        n.putObject("metricset").put("name", "perfmon").put("period", 60000);
        n.putObject("event").put("module", "windows").put("dataset", "windows.perfmon");
        final ObjectNode perfmon = n.putObject("windows").putObject("perfmon");
        perfmon.put("object", t.path("tags").path("objectname").asText());
        if (t.path("tags").has("instance")) {
            perfmon.put("instance", t.path("tags").path("instance").asText());
        }
        final ObjectNode metrics = perfmon.putObject("metrics");
        final Iterator<Map.Entry<String, JsonNode>> fields = t.get("fields").fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> f = fields.next();
            metrics.set(f.getKey().toLowerCase(Locale.ROOT).replace("_persec", "_per_sec"), f.getValue());
        }
        return n.toString();
    }

    private static String xml(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static JsonNode read(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
