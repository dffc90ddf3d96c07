package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** replay's progress gives an ETA only from a measured rate, never from nothing. */
class ReplayProgressTest {

    @Test
    void beforeTheFirstMeasuredIntervalThereIsNoEtaAndAfterItTheEtaFollowsFromTheRate() {
        // Given a terminal bar for 1,000 records
        final StringWriter text = new StringWriter();
        final ReplayCommand.ProgressBar bar = new ReplayCommand.ProgressBar(new PrintWriter(text), true);

        // When nothing is measured yet (no record, no rate), then 250 records at 50 records/s
        bar.update(0, 1_000, 0);
        final String first = text.toString();
        bar.update(250, 1_000, 50);
        final String second = text.toString().substring(first.length());

        // Then the first draw says there is no ETA, and the second derives it: 750 records left at 50/s = 15 s
        assertThat(first).contains("0/1,000 records").contains("ETA --:--").doesNotContain("ETA 0:");
        final long etaSeconds = (1_000 - 250) / 50;
        assertThat(second).contains("250/1,000 records").contains("50 rec/s")
                .contains(String.format("ETA %d:%02d", etaSeconds / 60, etaSeconds % 60));
    }

    @Test
    void aRecordCountWithoutARateGivesNoEtaEither() {
        // Given a plain (non-terminal) progress writer
        final StringWriter text = new StringWriter();
        final ReplayCommand.ProgressBar bar = new ReplayCommand.ProgressBar(new PrintWriter(text), false);

        // When the whole input is done but the rate could not be measured
        bar.update(10, 10, 0);

        // Then the line is written (done == total) and claims no ETA
        assertThat(text.toString()).startsWith("replay: 100% 10/10 records").contains("ETA --:--");
    }
}
