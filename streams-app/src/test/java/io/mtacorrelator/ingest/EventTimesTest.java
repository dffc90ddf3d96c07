package io.mtacorrelator.ingest;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimesTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    @Nested
    class Iso {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "2020-05-13T13:21:43.1831809Z   | 2020-05-13T13:21:43.183180900Z",
                "1999-03-01T08:31:10.000Z       | 1999-03-01T08:31:10Z",
                "1999-03-01T08:31:10Z           | 1999-03-01T08:31:10Z",
                "1999-03-01 08:31:10            | 1999-03-01T08:31:10Z"})
        void readsIsoInstantsAndNxlogLocalTimesAsUtc(final String text, final String expected) {
            // Given: Winlogbeat's @timestamp (any fraction) or NXLog's EventTime
            // When / Then
            assertThat(EventTimes.iso(text)).contains(Instant.parse(expected));
        }

        @Test
        void toleratesSurroundingWhitespace() {
            // Given / When / Then
            assertThat(EventTimes.iso(" 1999-03-01T08:31:10Z\n")).contains(Instant.parse("1999-03-01T08:31:10Z"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "yesterday", "1999-02-30T08:00:00Z", "1999-03-01", "01/03/1999 08:00:00", "920275200"})
        void hasNoInstantForUnreadableText(final String text) {
            // Given / When / Then
            assertThat(EventTimes.iso(text)).isEmpty();
        }
    }

    @Nested
    class Epoch {

        @ParameterizedTest(name = "{0}")
        @ValueSource(doubles = {920_275_200d, 920_275_200_000d, 920_275_200_000_000d, 920_275_200_000_000_000d})
        void tellsTheUnitFromTheMagnitude(final double value) {
            // Given: the same instant in seconds, milliseconds, microseconds, nanoseconds
            // When / Then
            assertThat(EventTimes.epoch(value)).isEqualTo(MORNING);
        }

        @Test
        void keepsMillisecondsOfFractionalSeconds() {
            // Given / When / Then
            assertThat(EventTimes.epoch(920_275_200.125)).isEqualTo(MORNING.plusMillis(125));
        }
    }

    @Nested
    class Implausible {

        @Test
        void refusesTimesBefore1990() {
            // Given: a reset clock and the last second of 1989
            // When / Then
            assertThat(EventTimes.implausible(Instant.EPOCH)).hasValueSatisfying(reason -> assertThat(reason).contains("before"));
            assertThat(EventTimes.implausible(Instant.parse("1989-12-31T23:59:59Z"))).isPresent();
        }

        @Test
        void acceptsTheFirstInstantOf1990AndTheArticlesEra() {
            // Given / When / Then
            assertThat(EventTimes.implausible(Instant.parse("1990-01-01T00:00:00Z"))).isEmpty();
            assertThat(EventTimes.implausible(MORNING)).isEmpty();
        }

        @Test
        void acceptsUpToADayOfClockSkew() {
            // Given: now and a shipper clock running 23 hours fast
            final Instant now = Instant.now();

            // When / Then
            assertThat(EventTimes.implausible(now)).isEmpty();
            assertThat(EventTimes.implausible(now.plus(Duration.ofHours(23)))).isEmpty();
        }

        @Test
        void refusesTimesFurtherAhead() {
            // Given: two days and ten years ahead
            final Instant now = Instant.now();

            // When / Then
            assertThat(EventTimes.implausible(now.plus(Duration.ofDays(2))))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("future"));
            assertThat(EventTimes.implausible(now.plus(Duration.ofDays(3653)))).isPresent();
        }
    }
}
