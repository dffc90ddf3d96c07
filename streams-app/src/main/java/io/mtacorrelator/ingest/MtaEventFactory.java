package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.EventDefinition;
import io.mtacorrelator.catalog.MessageDecoder;
import io.mtacorrelator.catalog.MessageField;
import io.mtacorrelator.catalog.RpcErrors;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the normalised {@link MtaEvent} from the fields every event-log shipper has, decoding the message once. */
public final class MtaEventFactory {

    private MtaEventFactory() {
    }

    /**
     * The event-log fields common to all shippers, before decoding.
     *
     * @param params the event's insertion strings in order (Winlogbeat {@code event_data.param1..N}, EVTX
     *               {@code EventData/Data}); empty when the shipper gives none
     */
    public record Fields(String mta, Instant time, int eventId, String provider, String category, String channel,
                         Long recordId, String message, List<String> params) {

        public Fields {
            params = params == null ? List.of() : params;
        }
    }

    public static MtaEvent build(final Fields in, final String shipper) {
        final EventDefinition definition = EventCatalogue.lookup(in.eventId());
        final Map<MessageField, String> decoded = MessageDecoder.decode(in.message(), definition.positional(), in.params());
        final Integer ntError = firstInt(decoded, MessageField.NT_ERROR, MessageField.SOCKET_ERROR);
        final String message = in.message() == null ? "" : in.message();
        final Integer ltabIndex = firstInt(decoded, MessageField.LTAB_INDEX);
        final String ntErrorName = RpcErrors.name(ntError).orElse(null);
        final String operation = decoded.get(MessageField.OPERATION);
        final String binding = decoded.get(MessageField.BINDING);
        final String remoteAddress = decoded.get(MessageField.REMOTE_ADDRESS);
        final String remoteServer = Hosts.mtaName(decoded.get(MessageField.REMOTE_SERVER));
        final Integer thread = firstInt(decoded, MessageField.THREAD);
        final Long elapsedMs = decoded.containsKey(MessageField.ELAPSED_MS) ? parseLong(decoded.get(MessageField.ELAPSED_MS)) : null;
        if (in.mta() == null || in.time() == null || in.provider() == null || shipper == null) {
            // The builder refuses a record without them, as it always did (the detector reports the failure).
            return MtaEvent.newBuilder().setMta(in.mta()).setTimestamp(in.time()).setEventId(in.eventId())
                    .setProvider(in.provider()).setEventName(definition.name()).setMessage(message).setShipper(shipper).build();
        }
        // Every field set, the required ones present: the record directly, without the builder's per-field validation.
        return new MtaEvent(in.mta(), in.time(), in.eventId(), in.provider(), definition.name(), in.category(), in.channel(),
                in.recordId(), message, ltabIndex, ntError, ntErrorName, operation, binding, remoteAddress, remoteServer,
                thread, elapsedMs, shipper);
    }

    private static Integer firstInt(final Map<MessageField, String> decoded, final MessageField... fields) {
        for (final MessageField field : fields) {
            final String value = decoded.get(field);
            if (value != null) {
                final Long parsed = parseLong(value);
                if (parsed != null && parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE) {
                    return parsed.intValue();
                }
            }
        }
        return null;
    }

    private static Long parseLong(final String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
