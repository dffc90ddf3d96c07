package io.mtacorrelator.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogueTest {

    @ParameterizedTest(name = "{0} -> {1}, rpcSymptom={2}")
    @CsvSource({
            "9277, RPC_CANCEL,               true",
            "9316, RPC_COMMUNICATIONS_ERROR, true",
            "9318, RPC_BIND_FAILED,          true",
            "9322, RPC_BIND_BACK_FAILED,     true",
            "9297, SECURITY_VIOLATION,       false",
            "9298, MTA_STARTED,              false",
            "9299, MTA_STOPPED,              false",
            "9411, DISK_FULL_STOP,           false",
            "57,   ASSOCIATION_LIMIT,        false",
            "9280, LOCALITY_TABLE_FULL,      false",
            "9215, SOCKETS_ERROR,            false",
            "1294, RAS_CONNECTION_FAILURE,   false"})
    void knowsEveryEventIdOfTheDomainNotes(final int id, final String name, final boolean rpcSymptom) {
        // Given: an event ID from DOMAIN.md's table
        // When
        final EventDefinition definition = EventCatalogue.lookup(id);

        // Then: its stable name, whether it is an RPC symptom of a failing association, and an operator line
        assertThat(definition.id()).isEqualTo(id);
        assertThat(definition.name()).isEqualTo(name);
        assertThat(definition.rpcSymptom()).isEqualTo(rpcSymptom);
        assertThat(definition.meaning()).isNotBlank();
    }

    @Test
    void theConstantsNameTheIdsOfTheArticles() {
        // Given / When / Then: the IDs the rules refer to by constant
        assertThat(EventCatalogue.RPC_CANCEL).isEqualTo(9277);
        assertThat(EventCatalogue.RPC_COMMUNICATIONS_ERROR).isEqualTo(9316);
        assertThat(EventCatalogue.RPC_BIND_FAILED).isEqualTo(9318);
        assertThat(EventCatalogue.SOCKETS_ERROR).isEqualTo(9215);
        assertThat(EventCatalogue.MTA_STARTED).isEqualTo(9298);
        assertThat(EventCatalogue.lookup(EventCatalogue.RPC_CANCEL).name()).isEqualTo("RPC_CANCEL");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9000, 9317, 65535, -1})
    void unknownIdsAreGenericAndNotSymptoms(final int id) {
        // Given: an ID outside the catalogue
        // When
        final EventDefinition definition = EventCatalogue.lookup(id);

        // Then: a generic definition that still names the ID
        assertThat(definition.id()).isEqualTo(id);
        assertThat(definition.name()).isEqualTo("GENERIC");
        assertThat(definition.rpcSymptom()).isFalse();
        assertThat(definition.meaning()).contains(String.valueOf(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSExchangeMTA", "msexchangemta", "MSEXCHANGEMTA", " MSExchangeMTA ", "MSExchangeMTA\t"})
    void recognisesTheMtaProviderWhateverItsCaseOrPadding(final String provider) {
        // Given / When / Then
        assertThat(EventCatalogue.isMtaProvider(provider)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"PowerShell", "MSExchangeIS", "MSExchangeMTA Connections", "MSExchangeMT", "Microsoft-Exchange-MTA"})
    void refusesOtherProviders(final String provider) {
        // Given / When / Then
        assertThat(EventCatalogue.isMtaProvider(provider)).isFalse();
    }
}
