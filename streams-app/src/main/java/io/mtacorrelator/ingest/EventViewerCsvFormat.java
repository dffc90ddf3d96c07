package io.mtacorrelator.ingest;

import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.exports.EventViewerLayout;
import io.mtacorrelator.exports.EventViewerText;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A row of an Event Viewer export (layouts in {@link EventViewerLayout}), in either of two shapes:
 * <ul>
 *   <li>the JSON object the export reader makes of each row ({@code correlate}, {@code replay}, the Connect archive
 *   ingest): {@code {"Level":"Warning","Date and Time":"3/1/1999 8:31:10 AM","Source":"MSExchangeMTA",
 *   "Event ID":"9316","Task Category":"Interface","Description":"...","Computer":"EXCH1"}}, or with the classic
 *   columns {@code Date}, {@code Time}, {@code Type}, {@code Category}, {@code Event}, {@code User};</li>
 *   <li>the row's text, as a shipper that tails an export line by line sends it: one comma- or tab-separated row
 *   (RFC 4180 quoting), optionally after its header line. A header line alone is ignored.</li>
 * </ul>
 *
 * <p>Reads {@code Source}, {@code Event ID} or {@code Event} (low 16 bits), {@code Date and Time} or {@code Date} and
 * {@code Time}, {@code Task Category} or {@code Category} ({@code None} is no category), {@code Computer} (or the
 * configured {@code mta.input.computer} for Vista and later exports, which have no such column) and
 * {@code Description}. The export has no channel, record number or insertion strings.
 *
 * <p><b>Dates and times</b> are the exporting machine's, in its locale and time zone: the date order comes from
 * {@code mta.input.date.pattern} or is told from the date itself ({@link DatePattern}); times are 12-hour with AM/PM
 * or 24-hour; the zone is {@code mta.input.timezone} or the MTA's own {@code mta.input.timezone.<MTA>}.
 */
public final class EventViewerCsvFormat implements ShipperFormat {

    private static final Pattern EVENT = Pattern.compile("\\d{1,10}");

    private final InputSettings settings;

    public EventViewerCsvFormat() {
        this(InputSettings.DEFAULTS);
    }

    public EventViewerCsvFormat(final InputSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "eventviewer-csv";
    }

    /** A JSON row from the export reader (Source and an event column), or text whose first line is a header or a row. */
    @Override
    public boolean accepts(final RawRecord raw) {
        if (raw.isJson()) {
            final FlatJson json = raw.flat();
            final int record = raw.node();
            return json.get(record, "Source") >= 0 && (json.get(record, "Event ID") >= 0 || json.get(record, "Event") >= 0);
        }
        if (raw.text() == null) {
            return false;
        }
        final String trimmed = raw.text().strip();
        return !trimmed.startsWith("<") && EventViewerText.looksLike(trimmed);
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final Map<String, String> columns;
        if (raw.isJson()) {
            columns = new LinkedHashMap<>();
            final FlatJson json = raw.flat();
            for (int field = json.firstChild(raw.node()); field >= 0; field = json.nextSibling(field)) {
                if (json.isValueNode(field) && !json.isNull(field)) {
                    columns.put(json.name(field), json.asText(field));
                }
            }
        } else {
            final EventViewerText.Parsed parsed = EventViewerText.parse(raw.text().strip());
            if (parsed.header()) {
                return new ParseOutcome.Ignored("CSV header line", name());
            }
            if (parsed.error() != null) {
                return new ParseOutcome.Rejected(parsed.error().contains("CSV rows in one record")
                        ? "more than one CSV line in one record (" + parsed.error() + ")" : parsed.error(), name());
            }
            columns = parsed.columns();
        }
        return event(columns);
    }

    private ParseOutcome event(final Map<String, String> columns) {
        final Optional<String> missing = missing(columns, "Source",
                columns.containsKey("Date and Time") ? "Date and Time" : "Date",
                columns.containsKey("Date and Time") ? "Date and Time" : "Time",
                columns.containsKey("Event ID") ? "Event ID" : "Event", EventViewerLayout.DESCRIPTION);
        if (missing.isPresent()) {
            return new ParseOutcome.Rejected(columns.size() + " columns (" + String.join(",", columns.keySet())
                    + "): no column " + missing.get(), name());
        }
        final String source = columns.get("Source").trim();
        if (source.isEmpty()) {
            return new ParseOutcome.Rejected("column Source is empty", name());
        }
        if (!EventCatalogue.isMtaProvider(source)) {
            return new ParseOutcome.Ignored("event source " + source + " is not " + EventCatalogue.PROVIDER, name());
        }
        final String eventColumn = columns.containsKey("Event ID") ? "Event ID" : "Event";
        final String eventText = columns.get(eventColumn).trim();
        if (!EVENT.matcher(eventText).matches()) {
            return new ParseOutcome.Rejected("column " + eventColumn + ": '" + eventText + "' is not an event number", name());
        }
        final String computer = columns.getOrDefault(EventViewerLayout.COMPUTER, "");
        final String mta = Hosts.mtaName(computer.isBlank() ? settings.computer() : computer);
        if (mta == null) {
            return new ParseOutcome.Rejected(columns.containsKey(EventViewerLayout.COMPUTER) ? "column Computer is empty"
                    : "no Computer column (Vista and later exports name no computer): give it with --computer NAME "
                    + "or mta.input.computer", name());
        }
        final String dateColumn;
        final String dateText;
        final String timeColumn;
        final String timeText;
        if (columns.containsKey("Date and Time")) {
            final String both = columns.get("Date and Time").trim();
            final int space = both.indexOf(' ');
            dateColumn = "Date and Time";
            timeColumn = "Date and Time";
            dateText = space < 0 ? both : both.substring(0, space);
            timeText = space < 0 ? "" : both.substring(space + 1).trim();
        } else {
            dateColumn = "Date";
            timeColumn = "Time";
            dateText = columns.get("Date").trim();
            timeText = columns.get("Time").trim();
        }
        final Optional<LocalTime> time = EventTimes.clock(timeText);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("column " + timeColumn + ": '" + timeText + "' is not a h:mm:ss AM/PM or "
                    + "H:mm:ss time", name());
        }
        final String[] why = new String[1];
        final Optional<LocalDate> date = settings.dates().parse(dateText, EventTimes.twelveHour(timeText), why);
        if (date.isEmpty()) {
            return new ParseOutcome.Rejected("column " + dateColumn + ": " + why[0], name());
        }
        // The exporting machine's wall clock, in the zone it ran on.
        final Instant instant = EventTimes.local(LocalDateTime.of(date.get(), time.get()), settings.zoneOf(mta));
        final String implausible = EventTimes.whyImplausible(instant);
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final String category = columns.getOrDefault("Task Category", columns.getOrDefault("Category", "")).trim();
        final MtaEventFactory.Fields event = new MtaEventFactory.Fields(
                mta,
                instant,
                (int) (Long.parseLong(eventText) & 0xFFFF),
                source,
                category.isEmpty() || "None".equalsIgnoreCase(category) ? null : category,
                null,
                null,
                columns.get(EventViewerLayout.DESCRIPTION),
                List.of());
        return new ParseOutcome.Event(MtaEventFactory.build(event, name()), name());
    }

    private static Optional<String> missing(final Map<String, String> columns, final String... names) {
        for (final String name : names) {
            if (!columns.containsKey(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
