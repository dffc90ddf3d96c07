package io.mtacorrelator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Re-ships a Winlogbeat event or a Telegraf sample (as {@link ShipperRecords} writes them) the way another
 * shipper would: NXLog JSON, EVTX rendered XML, Event Viewer CSV (NT 4.0 or Windows 2000 column order),
 * Metricbeat perfmon. The content is the same; only the envelope changes.
 */
public final class FormatTranslator {

    public enum EventFormat { WINLOGBEAT, NXLOG, EVTX_XML, CSV_NT4, CSV_W2K }

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
        };
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
