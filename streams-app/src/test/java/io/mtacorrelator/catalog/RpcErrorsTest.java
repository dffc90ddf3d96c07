package io.mtacorrelator.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RpcErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1722,  RPC_S_SERVER_UNAVAILABLE",
            "1726,  RPC_S_CALL_FAILED",
            "1727,  RPC_S_CALL_FAILED_DNE",
            "1753,  EPT_S_NOT_REGISTERED",
            "1775,  RPC_X_SS_IN_NULL_CONTEXT",
            "1783,  RPC_X_BAD_STUB_DATA",
            "1818,  RPC_S_CALL_CANCELLED",
            "10061, WSAECONNREFUSED",
            "5,     ERROR_ACCESS_DENIED",
            "14,    ERROR_OUTOFMEMORY"})
    void namesTheErrorCodesThatMtaEventsCarry(final int code, final String name) {
        // Given: an error code from the domain notes (RPC errors, the 9215 socket error, the 9322 causes)
        // When / Then
        assertThat(RpcErrors.name(code)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1723, 9316, -1})
    void givesNoNameForUnknownCodes(final int code) {
        // Given / When / Then: 0 is "no error" in Q228901's 9316, not a named failure
        assertThat(RpcErrors.name(code)).isEmpty();
    }

    @Test
    void givesNoNameForAMissingCode() {
        // Given: an event whose message carried no error code
        // When / Then
        assertThat(RpcErrors.name(null)).isEmpty();
    }
}
