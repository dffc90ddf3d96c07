package io.mtacorrelator.ingest;

import io.mtacorrelator.catalog.EventCatalogue;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Windows Event Forwarding / EVTX rendered XML, one {@code <Event>} per record:
 * {@code <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="MSExchangeMTA"/>
 * <EventID Qualifiers="49152">9316</EventID><TimeCreated SystemTime="1999-03-01T08:31:10.000000000Z"/>
 * <EventRecordID>4711</EventRecordID><Channel>Application</Channel><Computer>EXCH1.corp.example</Computer></System>
 * <EventData><Data>53</Data><Data>1727</Data></EventData><RenderingInfo Culture="en-US"><Message>...</Message>
 * <Task>Interface</Task></RenderingInfo></Event>}.
 *
 * <p>Reads {@code System/Provider@Name} (or {@code @EventSourceName}), {@code System/EventID} (low 16 bits: the
 * qualifiers, or a full 32-bit value such as 3221234788, are dropped), {@code System/TimeCreated@SystemTime} (ISO
 * 8601 with up to nine fractional digits; without a zone it is taken as UTC), {@code System/EventRecordID},
 * {@code System/Channel}, {@code System/Computer}, {@code EventData/Data} in order (the insertion strings) and,
 * when the collector rendered them, {@code RenderingInfo/Message} and {@code RenderingInfo/Task} (the category).
 * Elements are matched by local name, so the event namespace may be absent; an XML declaration is allowed, and so
 * is an {@code <Events>} wrapper around exactly one event (wevtutil, Get-WinEvent exports).
 *
 * <p>Hardened against XXE: the JDK's own StAX parser, DTD support and external entities off, external DTD and
 * schema access denied; a record with a {@code <!DOCTYPE>} is rejected as soon as it is seen, nothing is fetched.
 */
public final class EvtxXmlFormat implements ShipperFormat {

    static final String EVENT_NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";

    /** An ISO date-time without a zone, as some exporters write SystemTime. */
    private static final DateTimeFormatter LOCAL_ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");

    /**
     * One hardened factory per thread: making one is costly (a property table per factory), and StAX factories are not
     * documented as thread-safe. Readers are still one per record.
     */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(EvtxXmlFormat::hardenedFactory);

    /** Wrapper, Event, System/EventData/RenderingInfo, field: nothing deeper is read. */
    private static final int MAX_DEPTH = 4;

    /** What one record said, element by element; null where the element or attribute was absent. */
    private static final class Read {
        private int events;
        private String provider;
        private String eventId;
        private String systemTime;
        private String recordId;
        private String channel;
        private String computer;
        private String message;
        private String renderedTask;
        private final List<String> params = new ArrayList<>();
    }

    @Override
    public String name() {
        return "evtx-xml";
    }

    /**
     * Any text that starts as XML does ({@code <} and a name, {@code <?} or {@code <!}): whether it is a well-formed
     * event is for {@link #parse} to say, so that a damaged event is reported as malformed XML rather than as no
     * known format. ({@code <13>} and the like, syslog priorities, are not XML.)
     */
    @Override
    public boolean accepts(final RawRecord raw) {
        if (raw.isJson() || raw.text() == null) {
            return false;
        }
        final String trimmed = raw.text().strip();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '<') {
            return false;
        }
        final char next = trimmed.charAt(1);
        return Character.isLetter(next) || next == '_' || next == '?' || next == '!';
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final Read read;
        try {
            read = read(raw.text());
        } catch (final DoctypeException e) {
            return new ParseOutcome.Rejected("XML with a DOCTYPE declaration is not accepted (DTDs and external entities are disabled)", name());
        } catch (final NotAnEventException e) {
            return new ParseOutcome.Rejected(e.getMessage(), name());
        } catch (final XMLStreamException e) {
            return new ParseOutcome.Rejected("malformed XML: " + describe(e), name());
        }
        if (read.events != 1) {
            return new ParseOutcome.Rejected(read.events + " Event elements in one record; expected exactly one", name());
        }
        final String provider = blankToNull(read.provider);
        if (provider == null) {
            return new ParseOutcome.Rejected("EVTX event without System/Provider@Name", name());
        }
        if (!EventCatalogue.isMtaProvider(provider)) {
            return new ParseOutcome.Ignored("event provider " + provider + " is not " + EventCatalogue.PROVIDER, name());
        }
        final String eventIdText = blankToNull(read.eventId);
        if (eventIdText == null) {
            return new ParseOutcome.Rejected("EVTX event without System/EventID", name());
        }
        if (!WHOLE.matcher(eventIdText).matches()) {
            return new ParseOutcome.Rejected("System/EventID '" + eventIdText + "' is not a whole number", name());
        }
        final long eventId = Long.parseLong(eventIdText);
        final String systemTime = blankToNull(read.systemTime);
        if (systemTime == null) {
            return new ParseOutcome.Rejected("EVTX event without System/TimeCreated@SystemTime", name());
        }
        final Optional<Instant> time = systemTime(systemTime);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("System/TimeCreated@SystemTime '" + systemTime + "' is not an ISO-8601 date-time", name());
        }
        final String implausible = EventTimes.whyImplausible(time.get());
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final String mta = Hosts.mtaName(read.computer);
        if (mta == null) {
            return new ParseOutcome.Rejected("EVTX event without System/Computer", name());
        }
        final String recordId = blankToNull(read.recordId);
        final MtaEventFactory.Fields fields = new MtaEventFactory.Fields(
                mta,
                time.get(),
                (int) (eventId & 0xFFFF),
                provider,
                blankToNull(read.renderedTask),
                blankToNull(read.channel),
                recordId != null && WHOLE.matcher(recordId).matches() ? Long.valueOf(recordId) : null,
                read.message == null ? "" : read.message,
                List.copyOf(read.params));
        return new ParseOutcome.Event(MtaEventFactory.build(fields, name()), name());
    }

    /** ISO-8601 with a zone, or without one (taken as UTC); up to nine fractional digits. */
    static Optional<Instant> systemTime(final String text) {
        final Optional<Instant> zoned = EventTimes.iso(text);
        if (zoned.isPresent()) {
            return zoned;
        }
        try {
            return Optional.of(LocalDateTime.parse(text.trim(), LOCAL_ISO).toInstant(ZoneOffset.UTC));
        } catch (final DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The JDK's StAX parser with everything that could read a DTD or an external resource turned off. */
    static XMLInputFactory hardenedFactory() {
        // newDefaultFactory: the JDK's implementation, whatever else the classpath brings.
        final XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource " + systemId + " refused");
        });
        return factory;
    }

    /** Streams the whole document (so it must be well-formed to the end) and keeps the elements of interest. */
    private static Read read(final String text) throws XMLStreamException {
        // Leading blank lines are a shipper's, not the document's: an XML declaration must come first.
        final XMLStreamReader xml = FACTORY.get().createXMLStreamReader(new StringReader(text.stripLeading()));
        try {
            final Read read = new Read();
            // Local names by depth (1 = root); deeper levels than MAX_DEPTH hold nothing of interest.
            final String[] path = new String[MAX_DEPTH + 1];
            int depth = 0;
            StringBuilder capture = null;
            String captureKey = null;
            int captureDepth = -1;
            while (xml.hasNext()) {
                final int kind = xml.next();
                switch (kind) {
                    case XMLStreamConstants.DTD -> throw new DoctypeException();
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth > MAX_DEPTH) {
                            continue;
                        }
                        final String local = xml.getLocalName();
                        path[depth] = local;
                        if (depth == 1 && !"Event".equals(local) && !"Events".equals(local)) {
                            throw new NotAnEventException("XML root element <" + local + "> is not an EVTX <Event>");
                        }
                        final int offset = "Events".equals(path[1]) ? 1 : 0;
                        if (depth == 1 + offset && "Event".equals(local)) {
                            read.events++;
                        }
                        if (capture != null || depth != 3 + offset || !"Event".equals(path[1 + offset])) {
                            continue;
                        }
                        final String key = path[2 + offset] + "/" + local;
                        switch (key) {
                            case "System/Provider" -> {
                                final String name = attribute(xml, "Name");
                                read.provider = name != null ? name : attribute(xml, "EventSourceName");
                            }
                            case "System/TimeCreated" -> read.systemTime = attribute(xml, "SystemTime");
                            case "System/EventID", "System/EventRecordID", "System/Channel", "System/Computer",
                                    "EventData/Data", "RenderingInfo/Message", "RenderingInfo/Task" -> {
                                capture = new StringBuilder();
                                captureKey = key;
                                captureDepth = depth;
                            }
                            default -> {
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (capture != null) {
                            capture.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (capture != null && depth == captureDepth) {
                            keep(read, captureKey, capture.toString());
                            capture = null;
                            captureKey = null;
                            captureDepth = -1;
                        }
                        depth--;
                    }
                    default -> {
                    }
                }
            }
            return read;
        } finally {
            xml.close();
        }
    }

    private static void keep(final Read read, final String key, final String value) {
        switch (key) {
            case "System/EventID" -> read.eventId = value;
            case "System/EventRecordID" -> read.recordId = value;
            case "System/Channel" -> read.channel = value;
            case "System/Computer" -> read.computer = value;
            case "EventData/Data" -> read.params.add(value);
            case "RenderingInfo/Message" -> read.message = value;
            case "RenderingInfo/Task" -> read.renderedTask = value;
            default -> {
            }
        }
    }

    /** An attribute by local name, in no namespace (EVTX attributes are unqualified). */
    private static String attribute(final XMLStreamReader xml, final String localName) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (localName.equals(xml.getAttributeLocalName(i))) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** "line 1, column 20: XML document structures must start and end within the same entity." */
    private static String describe(final XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        final int at = message.indexOf("Message: ");
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        message = message.replaceAll("\\s+", " ").trim();
        final Location location = e.getLocation();
        return location == null ? message : "line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ": " + message;
    }

    /** A DOCTYPE was seen: the record is refused before anything in it is resolved. */
    private static final class DoctypeException extends XMLStreamException {
        private static final long serialVersionUID = 1L;
    }

    /** Well-formed so far, but the root element is not an event. */
    private static final class NotAnEventException extends XMLStreamException {
        private static final long serialVersionUID = 1L;

        private NotAnEventException(final String message) {
            super(message);
        }
    }
}
