package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * NXLog {@code to_json()} records (om_kafka) of {@code im_msvistalog} or {@code im_mseventlog}:
 * {@code {"EventTime":"1999-03-01 08:31:10","Hostname":"EXCH1","SourceName":"MSExchangeMTA","EventID":9316,
 * "Category":"Interface","EventType":"WARNING","Severity":"WARNING","Channel":"Application","RecordNumber":4711,
 * "Message":"..."}}.
 * <p>
 * {@code EventTime} is written by NXLog without a zone ({@code YYYY-MM-DD hh:mm:ss}, the agent's local time
 * unless its configuration says otherwise): it is read in the zone of {@code mta.input.timezone} (UTC by default)
 * or the MTA's own {@code mta.input.timezone.<MTA>}. An ISO-8601 {@code EventTime} with a zone or offset is read
 * exactly, whatever the setting. A numeric {@code EventTime} (configurations that write
 * {@code integer($EventTime)}) is an epoch whose unit is told by its size.
 * <p>
 * Field names are matched without regard to case: {@code to_json()} writes a field as the configuration spelled it,
 * and real configurations set {@code $HOSTNAME} or {@code $hostname} as well as the documented {@code $Hostname}
 * (the same holds for {@code SourceName}, {@code EventID}, {@code EventTime}, {@code Category}, {@code Channel},
 * {@code FileName}, {@code RecordNumber} and {@code Message}). Where a record has two spellings of one field, the
 * documented one wins.
 * <p>
 * {@code EventID} is masked to its low 16 bits (the qualifiers of legacy sources may ride in the high word).
 * {@code Channel} is the log name for im_msvistalog, {@code FileName} for im_mseventlog. NXLog gives no
 * positional insertion strings: im_mseventlog uses them only to format {@code Message}, and im_msvistalog makes
 * fields of named {@code EventData} items only, which legacy sources such as MSExchangeMTA do not have. Fields
 * are therefore decoded from {@code Message}.
 */
public final class NxlogFormat implements ShipperFormat {

    private final InputSettings settings;

    public NxlogFormat() {
        this(InputSettings.DEFAULTS);
    }

    public NxlogFormat(final InputSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "nxlog";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && has(record, "SourceName") && (has(record, "EventID") || has(record, "EventTime"));
    }

    private static boolean has(final JsonNode record, final String name) {
        for (final var field : record.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final JsonNode record = raw.json();
        final Optional<String> provider = string(record, "SourceName");
        if (provider.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a SourceName string", name());
        }
        if (!EventCatalogue.isMtaProvider(provider.get())) {
            return new ParseOutcome.Ignored("event provider " + provider.get() + " is not " + EventCatalogue.PROVIDER, name());
        }
        final OptionalLong eventId = whole(record, "EventID");
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a numeric EventID", name());
        }
        final String mta = Hosts.mtaName(string(record, "Hostname").orElse(null));
        if (mta == null) {
            return new ParseOutcome.Rejected("NXLog record without a Hostname string", name());
        }
        final Optional<Instant> time = eventTime(record, settings.zoneOf(mta));
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a readable EventTime", name());
        }
        final Optional<String> implausible = EventTimes.implausible(time.get());
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final OptionalLong recordNumber = whole(record, "RecordNumber");
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId.getAsLong() & 0xFFFF),
                provider.get(),
                text(record, "Category").orElse(null),
                text(record, "Channel").or(() -> text(record, "FileName")).orElse(null),
                recordNumber.isPresent() ? recordNumber.getAsLong() : null,
                text(record, "Message").orElse(""),
                List.of());
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** "YYYY-MM-DD hh:mm:ss" (in the MTA's zone), ISO-8601 (with a zone, exact; without, in the MTA's zone), an epoch. */
    private static Optional<Instant> eventTime(final JsonNode record, final java.time.ZoneId zone) {
        final JsonNode node = field(record, "EventTime");
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            final double value = node.asDouble();
            return Double.isFinite(value) ? Optional.of(EventTimes.epoch(value)) : Optional.empty();
        }
        return node.isTextual() ? EventTimes.zoned(node.asText(), zone) : Optional.empty();
    }

    /** A field that NXLog always writes as a string; a number, object or blank is no value. */
    private static Optional<String> string(final JsonNode record, final String field) {
        final JsonNode node = field(record, field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Optional<String> text(final JsonNode record, final String field) {
        final JsonNode node = field(record, field);
        return node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank()
                ? Optional.empty() : Optional.of(node.asText());
    }

    private static OptionalLong whole(final JsonNode record, final String field) {
        final JsonNode node = field(record, field);
        return node == null ? OptionalLong.empty() : Json.wholeValue(node);
    }

    /** A top-level field by name, any case; the documented spelling first. */
    private static JsonNode field(final JsonNode record, final String name) {
        final JsonNode exact = record.get(name);
        if (exact != null && !exact.isNull()) {
            return exact;
        }
        for (final var field : record.properties()) {
            if (field.getKey().equalsIgnoreCase(name) && !field.getValue().isNull()) {
                return field.getValue();
            }
        }
        return null;
    }
}
