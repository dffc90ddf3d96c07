package io.mtacorrelator.topology;

import io.mtacorrelator.ingest.InputSettings;
import io.mtacorrelator.runtime.ConfigLayers;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mta.input.* keys: time zones (default and per MTA), the export date pattern, the computer of exports. */
class InputSettingsConfigTest {

    @Test
    void defaultsToUtcAutomaticDatesAndNoComputer() {
        // Given / When
        final InputSettings settings = new CorrelatorConfig(Map.of()).inputSettings();

        // Then
        assertThat(settings.zoneOf("EXCH1")).isEqualTo(ZoneId.of("UTC"));
        assertThat(settings.dates().isAuto()).isTrue();
        assertThat(settings.computer()).isNull();
    }

    @Test
    void aPerMtaZoneOverridesTheDefaultForThatMtaOnly() {
        // Given: the default zone, and EXCH1's own, keyed by a lower-case DNS name as an environment variable makes it
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the test", Map.of("bootstrap.servers", "unused:9092", "application.id", "test", "mta.input.timezone", "Europe/Berlin"))
                .environment(Map.of("MTA_INPUT_TIMEZONE_EXCH1", "America/New_York"))
                .build();

        // When
        final InputSettings settings = config.inputSettings();

        // Then
        assertThat(settings.zoneOf("EXCH1")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(settings.zoneOf("EXCH2")).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void takesOffsetsAndTheComputerAndThePattern() {
        // Given / When
        final InputSettings settings = new CorrelatorConfig(Map.of("mta.input.timezone", "+01:00",
                "mta.input.computer", "exch1", "mta.input.date.pattern", "dd.MM.yyyy")).inputSettings();

        // Then
        assertThat(settings.zoneOf("EXCH9")).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(settings.computer()).isEqualTo("exch1");
        assertThat(settings.dates()).hasToString("dd.MM.yyyy");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "mta.input.timezone        | W. Europe Standard Time | not a time zone",
            "mta.input.timezone.EXCH1  | CEST+1                  | not a time zone",
            "mta.input.date.pattern    | dd-MM                   | one day (d), one month (M) and one year (y)",
            "mta.input.date.pattern    | dd-MM-yyyy HH:mm        | may hold only d, M, y"})
    void refusesABadValueNamingTheKey(final String key, final String value, final String why) {
        // Given / When / Then
        assertThatThrownBy(() -> new CorrelatorConfig(Map.of(key, value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key).hasMessageContaining(why);
    }

    @Test
    void anUnknownInputKeyIsStillAnError() {
        // Given: a misspelt key, and the right one as a positive control
        final ConfigLayers layers = new ConfigLayers();

        // When / Then
        assertThatThrownBy(() -> layers.layer("the test", Map.of("mta.input.timzone", "UTC")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key mta.input.timzone")
                .hasMessageContaining("mta.input.timezone.<MTA>");
        assertThatThrownBy(() -> new CorrelatorConfig(Map.of("mta.input.timzone", "UTC")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mta.input.timzone");
        layers.layer("the test", Map.of("mta.input.timezone", "UTC"));
    }
}
