package io.mtacorrelator.ingest;

import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Winlogbeat ECS JSON (Kafka output). 8.x writes {@code winlog.event_id} as a string, 7.x as a number;
 * pre-Vista sources ({@code winlog.api: eventlogging}) have only positional {@code event_data.paramN}, so
 * fields are decoded from {@code message}.
 */
public final class WinlogbeatFormat implements ShipperFormat {

    private static final String[] PROVIDER_NAME = Json.path("winlog.provider_name");
    private static final String[] EVENT_PROVIDER = Json.path("event.provider");
    private static final String[] EVENT_ID = Json.path("winlog.event_id");
    private static final String[] EVENT_CODE = Json.path("event.code");
    private static final String[] TIMESTAMP = Json.path("@timestamp");
    private static final String[] COMPUTER_NAME = Json.path("winlog.computer_name");
    private static final String[] HOST_NAME = Json.path("host.name");
    private static final String[] RECORD_ID = Json.path("winlog.record_id");
    private static final String[] TASK = Json.path("winlog.task");
    private static final String[] CHANNEL = Json.path("winlog.channel");
    private static final String[] MESSAGE = Json.path("message");

    /** Names of the first insertion strings, made once. */
    private static final String[] PARAM_NAMES = java.util.stream.IntStream.rangeClosed(0, 32)
            .mapToObj(i -> ("param" + i).intern()).toArray(String[]::new);

    /** {@code event_data.param1..N} in number order (pre-Vista sources name nothing else), from the event_data object. */
    static List<String> params(final FlatJson json, final int data) {
        if (!json.isObject(data)) {
            return List.of();
        }
        final List<String> params = new ArrayList<>();
        for (int i = 1; json.get(data, paramName(i)) >= 0; i++) {
            final int value = json.get(data, paramName(i));
            params.add(json.isValueNode(value) ? json.asText(value) : json.toJson(value));
        }
        return params;
    }

    private static String paramName(final int i) {
        return i < PARAM_NAMES.length ? PARAM_NAMES[i] : "param" + i;
    }

    @Override
    public String name() {
        return "winlogbeat";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        final FlatJson json = raw.flat();
        return json != null && json.isObject(json.get(raw.node(), "winlog"));
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final FlatJson json = raw.flat();
        final int record = raw.node();
        final String provider = or(Json.text(json, record, PROVIDER_NAME), json, record, EVENT_PROVIDER);
        if (provider == null) {
            return new ParseOutcome.Rejected("winlogbeat record without winlog.provider_name or event.provider", name());
        }
        if (!EventCatalogue.isMtaProvider(provider)) {
            return new ParseOutcome.Ignored("event provider " + provider + " is not " + EventCatalogue.PROVIDER, name());
        }
        final boolean eventIdIsText = json.isTextual(Json.at(json, record, EVENT_ID));
        final String shipper = eventIdIsText ? "winlogbeat-8" : "winlogbeat-7";
        OptionalLong eventId = Json.whole(json, record, EVENT_ID);
        if (eventId.isEmpty()) {
            eventId = Json.whole(json, record, EVENT_CODE);
        }
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("winlogbeat record without a numeric winlog.event_id or event.code", shipper);
        }
        final String timestamp = Json.text(json, record, TIMESTAMP);
        final Instant time = timestamp == null ? null : EventTimes.isoOrNull(timestamp);
        if (time == null) {
            return new ParseOutcome.Rejected("winlogbeat record without a readable @timestamp", shipper);
        }
        final String implausible = EventTimes.whyImplausible(time);
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, shipper);
        }
        final String mta = Hosts.mtaName(or(Json.text(json, record, COMPUTER_NAME), json, record, HOST_NAME));
        if (mta == null) {
            return new ParseOutcome.Rejected("winlogbeat record without winlog.computer_name or host.name", shipper);
        }
        final OptionalLong recordId = Json.whole(json, record, RECORD_ID);
        final String message = Json.text(json, record, MESSAGE);
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time,
                (int) (eventId.getAsLong() & 0xFFFF),
                provider,
                Json.text(json, record, TASK),
                Json.text(json, record, CHANNEL),
                recordId.isPresent() ? recordId.getAsLong() : null,
                message != null ? message : "",
                params(json, json.get(json.get(record, "winlog"), "event_data")));
        return new ParseOutcome.Event(MtaEventFactory.build(fields, shipper), shipper);
    }

    /** The value, else the text at the other path. */
    static String or(final String value, final FlatJson json, final int record, final String[] otherwise) {
        return value != null ? value : Json.text(json, record, otherwise);
    }
}
