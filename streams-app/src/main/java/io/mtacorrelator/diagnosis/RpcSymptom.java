package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.Optional;

/**
 * An RPC event of an MTA, as kept in its state. The kinds name what the rules look for:
 * {@code 9316/1727} and {@code 9277/MtaBind} are the article's symptoms.
 */
public record RpcSymptom(long time, int eventId, Integer ntError, String operation, Integer ltabIndex) {

    public static final String NO_DATA_SENT_1727 = "9316/1727";
    public static final String CANCEL_MTABIND = "9277/MtaBind";

    public static Optional<RpcSymptom> of(final MtaEvent event) {
        if (!EventCatalogue.lookup(event.getEventId()).rpcSymptom()) {
            return Optional.empty();
        }
        return Optional.of(new RpcSymptom(event.getTimestamp().toEpochMilli(), event.getEventId(), event.getNtError(),
                event.getOperation(), event.getLtabIndex()));
    }

    /** Event ID with its decisive detail: error code for 9316/9318/9322, operation for 9277. */
    public String kind() {
        if (eventId == EventCatalogue.RPC_CANCEL) {
            return eventId + "/" + (operation == null ? "unknown" : operation);
        }
        return eventId + "/" + (ntError == null ? "unknown" : ntError);
    }

    /** Whether this is one of the symptoms Q181721 lists. */
    public boolean isQ181721Symptom() {
        return (eventId == EventCatalogue.RPC_COMMUNICATIONS_ERROR && ntError != null && ntError == RpcErrors.RPC_S_CALL_FAILED_DNE)
                || (eventId == EventCatalogue.RPC_CANCEL && "MtaBind".equals(operation));
    }
}
