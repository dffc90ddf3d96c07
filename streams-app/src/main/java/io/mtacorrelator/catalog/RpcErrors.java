package io.mtacorrelator.catalog;

import java.util.Map;
import java.util.Optional;

/** Windows RPC and socket error codes that MSExchangeMTA events carry, with their symbolic names. */
public final class RpcErrors {

    public static final int RPC_S_SERVER_UNAVAILABLE = 1722;
    public static final int RPC_S_CALL_FAILED = 1726;
    public static final int RPC_S_CALL_FAILED_DNE = 1727;
    public static final int EPT_S_NOT_REGISTERED = 1753;
    public static final int RPC_X_SS_IN_NULL_CONTEXT = 1775;
    public static final int RPC_X_BAD_STUB_DATA = 1783;
    public static final int RPC_S_CALL_CANCELLED = 1818;
    public static final int WSAECONNREFUSED = 10061;

    private static final Map<Integer, String> NAMES = Map.of(
            RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE",
            RPC_S_CALL_FAILED, "RPC_S_CALL_FAILED",
            RPC_S_CALL_FAILED_DNE, "RPC_S_CALL_FAILED_DNE",
            EPT_S_NOT_REGISTERED, "EPT_S_NOT_REGISTERED",
            RPC_X_SS_IN_NULL_CONTEXT, "RPC_X_SS_IN_NULL_CONTEXT",
            RPC_X_BAD_STUB_DATA, "RPC_X_BAD_STUB_DATA",
            RPC_S_CALL_CANCELLED, "RPC_S_CALL_CANCELLED",
            WSAECONNREFUSED, "WSAECONNREFUSED",
            5, "ERROR_ACCESS_DENIED",
            14, "ERROR_OUTOFMEMORY");

    private RpcErrors() {
    }

    public static Optional<String> name(final Integer code) {
        return code == null ? Optional.empty() : Optional.ofNullable(NAMES.get(code));
    }
}
