package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Winlogbeat ECS JSON (Kafka output). 8.x writes {@code winlog.event_id} as a string, 7.x as a number;
 * pre-Vista sources ({@code winlog.api: eventlogging}) have only positional {@code event_data.paramN}, so
 * fields are decoded from {@code message}.
 */
public final class WinlogbeatFormat implements ShipperFormat {

    /** {@code event_data.param1..N} in number order (pre-Vista sources name nothing else), from the event_data object. */
    static List<String> params(final JsonNode data) {
        if (!data.isObject()) {
            return List.of();
        }
        final List<String> params = new ArrayList<>();
        for (int i = 1; data.has("param" + i); i++) {
            final JsonNode value = data.get("param" + i);
            params.add(value.isValueNode() ? value.asText() : value.toString());
        }
        return params;
    }

    @Override
    public String name() {
        return "winlogbeat";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && record.path("winlog").isObject();
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final JsonNode record = raw.json();
        final Optional<String> provider = Json.text(record, "winlog.provider_name").or(() -> Json.text(record, "event.provider"));
        if (provider.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without winlog.provider_name or event.provider", name());
        }
        if (!EventCatalogue.isMtaProvider(provider.get())) {
            return new ParseOutcome.Ignored("event provider " + provider.get() + " is not " + EventCatalogue.PROVIDER, name());
        }
        final boolean eventIdIsText = Json.at(record, "winlog.event_id").map(JsonNode::isTextual).orElse(false);
        final String shipper = eventIdIsText ? "winlogbeat-8" : "winlogbeat-7";
        OptionalLong eventId = Json.whole(record, "winlog.event_id");
        if (eventId.isEmpty()) {
            eventId = Json.whole(record, "event.code");
        }
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a numeric winlog.event_id or event.code", shipper);
        }
        final Optional<Instant> time = Json.text(record, "@timestamp").flatMap(EventTimes::iso);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a readable @timestamp", shipper);
        }
        final Optional<String> implausible = EventTimes.implausible(time.get());
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), shipper);
        }
        final String mta = Hosts.mtaName(Json.text(record, "winlog.computer_name").or(() -> Json.text(record, "host.name")).orElse(null));
        if (mta == null) {
            return new ParseOutcome.Rejected("winlogbeat record without winlog.computer_name or host.name", shipper);
        }
        final OptionalLong recordId = Json.whole(record, "winlog.record_id");
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId.getAsLong() & 0xFFFF),
                provider.get(),
                Json.text(record, "winlog.task").orElse(null),
                Json.text(record, "winlog.channel").orElse(null),
                recordId.isPresent() ? recordId.getAsLong() : null,
                Json.text(record, "message").orElse(""),
                params(record.path("winlog").path("event_data")));
        return new ParseOutcome.Event(MtaEventFactory.build(fields, shipper), shipper);
    }
}
