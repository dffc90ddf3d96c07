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
 * unless its configuration says otherwise); it is read here as <strong>UTC</strong>, so agents should run in
 * UTC or format {@code EventTime} as ISO-8601 with a zone, which is read exactly. A numeric {@code EventTime}
 * (configurations that write {@code integer($EventTime)}) is an epoch whose unit is told by its size.
 * <p>
 * {@code EventID} is masked to its low 16 bits (the qualifiers of legacy sources may ride in the high word).
 * {@code Channel} is the log name for im_msvistalog, {@code FileName} for im_mseventlog. NXLog gives no
 * positional insertion strings: im_mseventlog uses them only to format {@code Message}, and im_msvistalog makes
 * fields of named {@code EventData} items only, which legacy sources such as MSExchangeMTA do not have. Fields
 * are therefore decoded from {@code Message}.
 */
public final class NxlogFormat implements ShipperFormat {

    @Override
    public String name() {
        return "nxlog";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && record.has("SourceName") && (record.has("EventID") || record.has("EventTime"));
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
        final OptionalLong eventId = Json.whole(record, "EventID");
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a numeric EventID", name());
        }
        final Optional<Instant> time = eventTime(record);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a readable EventTime", name());
        }
        final Optional<String> implausible = EventTimes.implausible(time.get());
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final String mta = Hosts.mtaName(string(record, "Hostname").orElse(null));
        if (mta == null) {
            return new ParseOutcome.Rejected("NXLog record without a Hostname string", name());
        }
        final OptionalLong recordNumber = Json.whole(record, "RecordNumber");
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId.getAsLong() & 0xFFFF),
                provider.get(),
                Json.text(record, "Category").orElse(null),
                Json.text(record, "Channel").or(() -> Json.text(record, "FileName")).orElse(null),
                recordNumber.isPresent() ? recordNumber.getAsLong() : null,
                Json.text(record, "Message").orElse(""),
                List.of());
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** "YYYY-MM-DD hh:mm:ss" (taken as UTC), ISO-8601, or a numeric epoch. */
    private static Optional<Instant> eventTime(final JsonNode record) {
        final JsonNode node = record.get("EventTime");
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            final double value = node.asDouble();
            return Double.isFinite(value) ? Optional.of(EventTimes.epoch(value)) : Optional.empty();
        }
        return node.isTextual() ? EventTimes.iso(node.asText()) : Optional.empty();
    }

    /** A field that NXLog always writes as a string; a number, object or blank is no value. */
    private static Optional<String> string(final JsonNode record, final String field) {
        final JsonNode node = record.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
