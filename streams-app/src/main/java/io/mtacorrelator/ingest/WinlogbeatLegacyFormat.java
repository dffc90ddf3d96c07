package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Override
    public String name() {
        return "winlogbeat-6";
    }

    /** Top-level {@code event_id} with {@code source_name} or {@code computer_name}, and no {@code winlog} object. */
    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && !record.path("winlog").isObject() && record.has("event_id")
                && (record.has("source_name") || record.has("computer_name"));
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final JsonNode record = raw.json();
        final Optional<String> provider = Json.text(record, "source_name");
        if (provider.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without source_name", name());
        }
        if (!EventCatalogue.isMtaProvider(provider.get())) {
            return new ParseOutcome.Ignored("event provider " + provider.get() + " is not " + EventCatalogue.PROVIDER, name());
        }
        final OptionalLong eventId = Json.whole(record, "event_id");
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a numeric event_id", name());
        }
        final Optional<Instant> time = Json.text(record, "@timestamp").flatMap(EventTimes::iso);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a readable @timestamp", name());
        }
        final Optional<String> implausible = EventTimes.implausible(time.get());
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final String mta = Hosts.mtaName(Json.text(record, "computer_name")
                .or(() -> Json.text(record, "beat.hostname")).or(() -> Json.text(record, "host.name")).orElse(null));
        if (mta == null) {
            return new ParseOutcome.Rejected("winlogbeat record without computer_name or beat.hostname", name());
        }
        final OptionalLong recordNumber = Json.whole(record, "record_number");
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId.getAsLong() & 0xFFFF),
                provider.get(),
                Json.text(record, "task").or(() -> Json.text(record, "category")).orElse(null),
                Json.text(record, "log_name").orElse(null),
                recordNumber.isPresent() ? recordNumber.getAsLong() : null,
                Json.text(record, "message").orElse(""),
                params(record));
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** {@code event_data.param1..N} in number order, else {@code message_inserts} (5.x, when formatting failed). */
    private static List<String> params(final JsonNode record) {
        final List<String> params = WinlogbeatFormat.params(record.path("event_data"));
        if (!params.isEmpty()) {
            return params;
        }
        final JsonNode inserts = record.path("message_inserts");
        final List<String> fromInserts = new ArrayList<>();
        if (inserts.isArray()) {
            inserts.forEach(i -> fromInserts.add(i.isValueNode() ? i.asText() : i.toString()));
        }
        return fromInserts;
    }
}
