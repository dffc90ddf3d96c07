package io.mtacorrelator.ingest;

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
        final FlatJson json = raw.flat();
        if (json == null) {
            return false;
        }
        final int record = raw.node();
        return has(json, record, "SourceName") && (has(json, record, "EventID") || has(json, record, "EventTime"));
    }

    private static boolean has(final FlatJson json, final int record, final String name) {
        if (!json.isObject(record)) {
            return false;
        }
        for (int field = json.firstChild(record); field >= 0; field = json.nextSibling(field)) {
            if (json.name(field).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final FlatJson json = raw.flat();
        final int record = raw.node();
        final String provider = string(json, record, "SourceName");
        if (provider == null) {
            return new ParseOutcome.Rejected("NXLog record without a SourceName string", name());
        }
        if (!EventCatalogue.isMtaProvider(provider)) {
            return new ParseOutcome.Ignored("event provider " + provider + " is not " + EventCatalogue.PROVIDER, name());
        }
        final OptionalLong eventId = whole(json, record, "EventID");
        if (eventId.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a numeric EventID", name());
        }
        final String mta = Hosts.mtaName(string(json, record, "Hostname"));
        if (mta == null) {
            return new ParseOutcome.Rejected("NXLog record without a Hostname string", name());
        }
        final Optional<Instant> time = eventTime(json, record, settings.zoneOf(mta));
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("NXLog record without a readable EventTime", name());
        }
        final String implausible = EventTimes.whyImplausible(time.get());
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final OptionalLong recordNumber = whole(json, record, "RecordNumber");
        final String channel = text(json, record, "Channel");
        final String message = text(json, record, "Message");
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId.getAsLong() & 0xFFFF),
                provider,
                text(json, record, "Category"),
                channel != null ? channel : text(json, record, "FileName"),
                recordNumber.isPresent() ? recordNumber.getAsLong() : null,
                message != null ? message : "",
                List.of());
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** "YYYY-MM-DD hh:mm:ss" (in the MTA's zone), ISO-8601 (with a zone, exact; without, in the MTA's zone), an epoch. */
    private static Optional<Instant> eventTime(final FlatJson json, final int record, final java.time.ZoneId zone) {
        final int node = field(json, record, "EventTime");
        if (node < 0) {
            return Optional.empty();
        }
        if (json.isNumber(node)) {
            final double value = json.asDouble(node);
            return Double.isFinite(value) ? Optional.of(EventTimes.epoch(value)) : Optional.empty();
        }
        return json.isTextual(node) ? EventTimes.zoned(json.asText(node), zone) : Optional.empty();
    }

    /** A field that NXLog always writes as a string; a number, object or blank is no value (null). */
    private static String string(final FlatJson json, final int record, final String field) {
        final int node = field(json, record, field);
        return json.isTextual(node) && !json.asText(node).isBlank() ? json.asText(node) : null;
    }

    private static String text(final FlatJson json, final int record, final String field) {
        final int node = field(json, record, field);
        return node < 0 || json.isNull(node) || !json.isValueNode(node) || json.asText(node).isBlank()
                ? null : json.asText(node);
    }

    private static OptionalLong whole(final FlatJson json, final int record, final String field) {
        final int node = field(json, record, field);
        return node < 0 ? OptionalLong.empty() : Json.wholeValue(json, node);
    }

    /** A top-level field by name, any case; the documented spelling first. */
    private static int field(final FlatJson json, final int record, final String name) {
        final int exact = json.get(record, name);
        if (exact >= 0 && !json.isNull(exact)) {
            return exact;
        }
        for (int field = json.firstChild(record); field >= 0; field = json.nextSibling(field)) {
            if (json.name(field).equalsIgnoreCase(name) && !json.isNull(field)) {
                return field;
            }
        }
        return FlatJson.MISSING;
    }
}
