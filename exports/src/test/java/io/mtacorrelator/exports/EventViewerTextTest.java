package io.mtacorrelator.exports;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-line shortcut of {@link EventViewerText#parse} against the CSV parser it stands in for. */
class EventViewerTextTest {

    @Test
    void aPlainLineHasTheFieldsTheCsvParserReads() throws Exception {
        // Given: random lines of the characters rows are made of (no quote, no line break), with either separator
        final Random random = new Random(9316L);
        final String alphabet = "ab1/:., \t;-()[]_N/AMSExchangeMTA9316 é€";
        int plain = 0;
        for (int n = 0; n < 20_000; n++) {
            final StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final String text = line.toString();
            final char separator = EventViewerText.separatorOf(text);
            if (!EventViewerText.isPlainLine(text)) {
                continue;
            }
            plain++;

            // When
            final List<String> shortcut = EventViewerText.split(text, separator, Integer.MAX_VALUE);
            final List<CsvRows.Row> rows = CsvRows.all(new StringReader(text), separator);

            // Then: one row with the same fields (or none, for a line the parser reads as nothing)
            if (rows.isEmpty()) {
                assertThat(shortcut).as("'%s'", text).allMatch(String::isEmpty);
            } else {
                assertThat(rows).as("'%s'", text).hasSize(1);
                assertThat(rows.get(0).error()).as("'%s'", text).isNull();
                assertThat(shortcut).as("'%s'", text).isEqualTo(rows.get(0).fields());
            }
        }
        assertThat(plain).as("positive control").isGreaterThan(10_000);
    }

    @Test
    void splitsAsStringSplitDoesWithALimit() {
        // Given / When / Then: empty fields kept, the rest of the line in the last one
        assertThat(EventViewerText.split(",a,,b,c,d", ',', 4)).containsExactly("", "a", "", "b,c,d");
        assertThat(EventViewerText.split("a,b,", ',', 4)).containsExactly(List.of("a,b,".split(",", 4)).toArray(String[]::new));
        assertThat(EventViewerText.split("", ',', 4)).containsExactly("");
    }
}
