package io.mtacorrelator.catalog;

/** A field that the catalogue can decode from an MSExchangeMTA message. */
public enum MessageField {
    LTAB_INDEX,
    NT_ERROR,
    SOCKET_ERROR,
    THREAD,
    ELAPSED_MS,
    CANCEL_RESULT,
    BRACKET,
    OPERATION,
    BINDING,
    REMOTE_ADDRESS,
    REMOTE_SERVER
}
