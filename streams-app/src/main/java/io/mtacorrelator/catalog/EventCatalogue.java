package io.mtacorrelator.catalog;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** MSExchangeMTA event IDs seen around Q181721 and its look-alikes. Unknown IDs are GENERIC. */
public final class EventCatalogue {

    public static final String PROVIDER = "MSExchangeMTA";
    /** Netlogon's "no domain controller" (5719) is part of the Q228901 picture; its other events are not read. */
    public static final String NETLOGON = "NETLOGON";
    public static final int NETLOGON_NO_DOMAIN_CONTROLLER = 5719;

    public static final int RPC_CANCEL = 9277;
    public static final int RPC_COMMUNICATIONS_ERROR = 9316;
    public static final int RPC_BIND_FAILED = 9318;
    public static final int RPC_BIND_BACK_FAILED = 9322;
    public static final int SECURITY_VIOLATION = 9297;
    public static final int MTA_STARTED = 9298;
    public static final int MTA_STOPPED = 9299;
    public static final int DISK_FULL_STOP = 9411;
    public static final int ASSOCIATION_LIMIT = 57;
    public static final int LOCALITY_TABLE_FULL = 9280;
    public static final int SOCKETS_ERROR = 9215;
    public static final int RAS_CONNECTION_FAILURE = 1294;

    private static final List<EventDefinition> DEFINITIONS = List.of(
            new EventDefinition(RPC_CANCEL, "RPC_CANCEL", "MTA cancelled an RPC after about two minutes without a reply", true,
                    List.of(MessageField.THREAD, MessageField.LTAB_INDEX, MessageField.ELAPSED_MS, MessageField.CANCEL_RESULT,
                            MessageField.BRACKET)),
            new EventDefinition(RPC_COMMUNICATIONS_ERROR, "RPC_COMMUNICATIONS_ERROR", "RPC communications error; no data was sent over the RPC connection", true,
                    List.of(MessageField.LTAB_INDEX, MessageField.NT_ERROR)),
            new EventDefinition(RPC_BIND_FAILED, "RPC_BIND_FAILED", "Unable to bind over RPC to the remote MTA", true,
                    List.of(MessageField.LTAB_INDEX, MessageField.NT_ERROR)),
            new EventDefinition(RPC_BIND_BACK_FAILED, "RPC_BIND_BACK_FAILED", "MtaBindBack over RPC failed", true,
                    List.of(MessageField.LTAB_INDEX, MessageField.NT_ERROR)),
            new EventDefinition(SECURITY_VIOLATION, "SECURITY_VIOLATION", "Security violation: service account or password mismatch", false),
            new EventDefinition(MTA_STARTED, "MTA_STARTED", "MTA service started; counters restart from zero", false),
            new EventDefinition(MTA_STOPPED, "MTA_STOPPED", "MTA service stopped", false),
            new EventDefinition(DISK_FULL_STOP, "DISK_FULL_STOP", "MTA stops: under 10 MB free on the MTADATA disk", false),
            new EventDefinition(ASSOCIATION_LIMIT, "ASSOCIATION_LIMIT", "Association limit reached", false),
            new EventDefinition(LOCALITY_TABLE_FULL, "LOCALITY_TABLE_FULL", "Locality table full", false),
            new EventDefinition(SOCKETS_ERROR, "SOCKETS_ERROR", "Sockets error on a TCP/IP connection", false,
                    List.of(MessageField.SOCKET_ERROR)),
            new EventDefinition(RAS_CONNECTION_FAILURE, "RAS_CONNECTION_FAILURE", "RAS connection failure (Dynamic RAS connector)", false),
            new EventDefinition(NETLOGON_NO_DOMAIN_CONTROLLER, "NETLOGON_NO_DOMAIN_CONTROLLER",
                    "Netlogon could not reach a domain controller to validate accounts", false));

    private static final Map<Integer, EventDefinition> BY_ID =
            DEFINITIONS.stream().collect(Collectors.toUnmodifiableMap(EventDefinition::id, Function.identity()));

    private EventCatalogue() {
    }

    public static EventDefinition lookup(final int eventId) {
        final EventDefinition known = BY_ID.get(eventId);
        return known != null ? known : new EventDefinition(eventId, "GENERIC", "MSExchangeMTA event " + eventId, false);
    }

    /** MSExchangeMTA, or NETLOGON (whose events are then kept only if {@link #isRelevant}). */
    public static boolean isMtaProvider(final String provider) {
        return provider != null && (PROVIDER.equalsIgnoreCase(provider.trim()) || NETLOGON.equalsIgnoreCase(provider.trim()));
    }

    /** Every MSExchangeMTA event; of NETLOGON only 5719. */
    public static boolean isRelevant(final String provider, final int eventId) {
        if (provider != null && NETLOGON.equalsIgnoreCase(provider.trim())) {
            return eventId == NETLOGON_NO_DOMAIN_CONTROLLER;
        }
        return isMtaProvider(provider);
    }
}
