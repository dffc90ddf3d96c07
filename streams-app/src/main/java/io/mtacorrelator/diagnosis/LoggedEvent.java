package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A catalogued event of an MTA, as the rules read it. The kind names what the rules look for:
 * {@code 9316/1727} and {@code 9277/MtaBind} are Q181721's symptoms, {@code 9318/1722} a failed bind,
 * {@code 9277/RPC inactive} a silent RPC, {@code 1294} a RAS failure, and so on.
 *
 * @param remoteAddress network address of the remote in the RPC binding string (9277), when present
 * @param identity      what tells this event from a redelivery of it (see {@link #identityOf})
 * @param owner         the remote MTA the event was attributed to when it was evaluated (null: not known then)
 */
public record LoggedEvent(long time, int eventId, Integer ntError, String operation, Integer ltabIndex, String remoteServer,
                          String remoteAddress, String identity, String owner) {

    public static final String NO_DATA_SENT_1727 = "9316/1727";
    public static final String CANCEL_MTABIND = "9277/MtaBind";
    public static final String CANCEL_RPC_INACTIVE = "9277/RPC inactive";

    /** The events the rules use; generic and unrelated ones are not kept. */
    public static Optional<LoggedEvent> of(final MtaEvent event) {
        if ("GENERIC".equals(EventCatalogue.lookup(event.getEventId()).name())) {
            return Optional.empty();
        }
        return Optional.of(new LoggedEvent(event.getTimestamp().toEpochMilli(), event.getEventId(), event.getNtError(),
                event.getOperation(), event.getLtabIndex(), event.getRemoteServer(), event.getRemoteAddress(), identityOf(event),
                null));
    }

    /**
     * What tells one logged event from another at the same second, so that a shipper's redelivery counts once and
     * two genuine events count twice. Where the shipper carries the event log's record number (Winlogbeat, EVTX,
     * NXLog's RecordNumber) that is the identity, with the channel (record numbers count per log). Otherwise
     * (Event Viewer CSV, NXLog without RecordNumber) it is a 64-bit hash of the source and the message text, which
     * differs between genuine events (thread, elapsed time, LTAB index) and not between deliveries of one event:
     * bounded in size whatever the message, and byte-identical events without a record number count once.
     */
    static String identityOf(final MtaEvent event) {
        if (event.getRecordId() != null) {
            return "record " + event.getRecordId() + (event.getChannel() == null ? "" : " " + event.getChannel());
        }
        return "text " + Long.toHexString(fnv1a64(event.getProvider() + "\n" + event.getMessage()));
    }

    private static long fnv1a64(final String text) {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** This event as judged when it was evaluated: attributed to that remote MTA (or to none known). */
    LoggedEvent attributedTo(final String remote) {
        return new LoggedEvent(time, eventId, ntError, operation, ltabIndex, remoteServer, remoteAddress, identity, remote);
    }

    /** Event ID with its decisive detail: the operation of a 9277, the error code of RPC and socket errors. */
    public String kind() {
        if (eventId == EventCatalogue.RPC_CANCEL) {
            return eventId + "/" + (operation == null ? "unknown" : operation);
        }
        if (ntError != null) {
            return eventId + "/" + ntError;
        }
        return String.valueOf(eventId);
    }

    public boolean is(final int id) {
        return eventId == id;
    }

    public boolean is(final int id, final int error) {
        return eventId == id && ntError != null && ntError == error;
    }

    /** One of the two symptoms Q181721 lists. */
    public boolean isQ181721Symptom() {
        return is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, RpcErrors.RPC_S_CALL_FAILED_DNE)
                || (is(EventCatalogue.RPC_CANCEL) && "MtaBind".equals(operation));
    }

    /** 9277 with the RPC inactive trailer (Q189494: a few are normal). */
    public boolean isRpcInactive() {
        return is(EventCatalogue.RPC_CANCEL) && "RPC inactive".equals(operation);
    }
}
