package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: the demo on a real in-process broker shows a Q181721 incident with remediation. */
class DemoCommandIT {

    @Test
    void demoPrintsTheQ181721EpisodeFromOpenToResolved() {
        // When
        final CliHarness result = CliHarness.run("demo");

        // Then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("== OPEN  Q181721: Messages not delivered over an association")
                .contains("where:    EXCH1 -> EXCH2")
                .contains("Install Windows NT 4.0 Service Pack 4 or later on EXCH2")
                .contains("see:      Q181721, Q152734")
                .contains("== RESOLVED  Q181721")
                .doesNotContain("EXCH1 -> EXCH3");
        assertThat(result.err()).contains("dead-lettered 1").contains("0 still open");
    }
}
