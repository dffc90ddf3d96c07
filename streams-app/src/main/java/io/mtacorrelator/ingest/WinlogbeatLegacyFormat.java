package io.mtacorrelator.ingest;

import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Winlogbeat 5.x and 6.x (the versions that still ran on Windows Server 2003 and XP), whose event-log fields are at
 * the top level rather than under {@code winlog} (Winlogbeat 6.3 reference, "Event log record fields"):
 * {@code {"@timestamp":"1999-03-01T08:31:10.000Z","beat":{"hostname":"EXCH1","name":"EXCH1","version":"6.8.23"},
 * "computer_name":"EXCH1.corp.example","event_id":9316,"level":"Warning","log_name":"Application",
 * "record_number":"4711","source_name":"MSExchangeMTA","task":"Interface","type":"eventlogging",
 * "message":"...","event_data":{"param1":"53","param2":"1727"}}}.
 *
 * <p>Reads {@code source_name} (provider), {@code event_id} (low 16 bits), {@code @timestamp}, {@code computer_name}
 * (the computer that logged the event; with event forwarding it differs from {@code beat.hostname}, which is read
 * only when {@code computer_name} is missing), {@code record_number} (a string in these versions), {@code log_name}
 * (channel), {@code task} or 5.x's {@code category}, {@code message}, and the insertion strings from
 * {@code event_data.param1..N} (pre-Vista sources) or 5.x's {@code message_inserts}. {@code type} is the event-log
 * API ({@code eventlogging} on Windows 2003 and XP), not the event type.
 */
public final class WinlogbeatLegacyFormat implements ShipperFormat {

    private static final String[] SOURCE_NAME = Json.path("source_name");
    private static final String[] EVENT_ID = Json.path("event_id");
    private static final String[] TIMESTAMP = Json.path("@timestamp");
    private static final String[] COMPUTER_NAME = Json.path("computer_name");
    private static final String[] BEAT_HOSTNAME = Json.path("beat.hostname");
    private static final String[] HOST_NAME = Json.path("host.name");
    private static final String[] RECORD_NUMBER = Json.path("record_number");
    private static final String[] TASK = Json.path("task");
    private static final String[] CATEGORY = Json.path("category");
    private static final String[] LOG_NAME = Json.path("log_name");
    private static final String[] MESSAGE = Json.path("message");

    @Override
    public String name() {
        return "winlogbeat-6";
    }

    /** Top-level {@code event_id} with {@code source_name} or {@code computer_name}, and no {@code winlog} object. */
    @Override
    public boolean accepts(final RawRecord raw) {
        final FlatJson json = raw.flat();
        if (json == null) {
            return false;
        }
        final int record = raw.node();
        return !json.isObject(json.get(record, "winlog")) && json.get(record, "event_id") >= 0
                && (json.get(record, "source_name") >= 0 || json.get(record, "computer_name") >= 0);
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final FlatJson json = raw.flat();
        final int record = raw.node();
        final String provider = Json.text(json, record, SOURCE_NAME);
        if (provider == null) {
            return new ParseOutcome.Rejected("winlogbeat record without source_name", name());
        }
        if (!EventCatalogue.isMtaProvider(provider)) {
            return new ParseOutcome.Ignored("event provider " + provider + " is not " + EventCatalogue.PROVIDER, name());
        }
        final OptionalLong eventId = Json.whole(json, record, EVENT_ID);
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a numeric event_id", name());
        }
        final String timestamp = Json.text(json, record, TIMESTAMP);
        final Instant time = timestamp == null ? null : EventTimes.isoOrNull(timestamp);
        if (time == null) {
            return new ParseOutcome.Rejected("winlogbeat record without a readable @timestamp", name());
        }
        final String implausible = EventTimes.whyImplausible(time);
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final String mta = Hosts.mtaName(WinlogbeatFormat.or(WinlogbeatFormat.or(Json.text(json, record, COMPUTER_NAME),
                json, record, BEAT_HOSTNAME), json, record, HOST_NAME));
        if (mta == null) {
            return new ParseOutcome.Rejected("winlogbeat record without computer_name or beat.hostname", name());
        }
        final OptionalLong recordNumber = Json.whole(json, record, RECORD_NUMBER);
        final String message = Json.text(json, record, MESSAGE);
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time,
                (int) (eventId.getAsLong() & 0xFFFF),
                provider,
                WinlogbeatFormat.or(Json.text(json, record, TASK), json, record, CATEGORY),
                Json.text(json, record, LOG_NAME),
                recordNumber.isPresent() ? recordNumber.getAsLong() : null,
                message != null ? message : "",
                params(json, record));
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** {@code event_data.param1..N} in number order, else {@code message_inserts} (5.x, when formatting failed). */
    private static List<String> params(final FlatJson json, final int record) {
        final List<String> params = WinlogbeatFormat.params(json, json.get(record, "event_data"));
        if (!params.isEmpty()) {
            return params;
        }
        final int inserts = json.get(record, "message_inserts");
        final List<String> fromInserts = new ArrayList<>();
        if (json.isArray(inserts)) {
            for (int i = json.firstChild(inserts); i >= 0; i = json.nextSibling(i)) {
                fromInserts.add(json.isValueNode(i) ? json.asText(i) : json.toJson(i));
            }
        }
        return fromInserts;
    }
}
