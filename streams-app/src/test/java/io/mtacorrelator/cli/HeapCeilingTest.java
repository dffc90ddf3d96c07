package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The child JVM of {@code correlate} and {@code demo}: the ceiling and the short-run tuning, the user's options winning. */
class HeapCeilingTest {

    private static final String[] ARGS = {"correlate", "in.ndjson"};

    @Test
    void theChildGetsTheCeilingTheShortRunTuningAndTheSameArguments() {
        // When: started without JVM options of the user's
        final List<String> command = HeapCeiling.childCommand("java", List.of(), "/opt/mta-correlator.jar", ARGS,
                List.of("-XX:SharedArchiveFile=/cache/a.jsa"), false, null);

        // Then
        assertThat(command).startsWith("java").contains(HeapCeiling.CEILING, HeapCeiling.QUICK_JIT, HeapCeiling.ONE_COMPILER_THREAD, HeapCeiling.SERIAL_GC,
                HeapCeiling.YOUNG_GENERATION, HeapCeiling.SMALL_FIRST_TLAB, "-XX:SharedArchiveFile=/cache/a.jsa", "-D" + HeapCeiling.RELAUNCHED + "=true");
        assertThat(command.subList(command.size() - 5, command.size()))
                .containsExactly("-cp", "/opt/mta-correlator.jar", MtaCorrelatorCli.class.getName(), "correlate", "in.ndjson");
    }

    @Test
    void theUsersJvmOptionsComeAfterOursSoTheirsWin() {
        // Given the user's own compiler setting and a property
        final List<String> own = List.of("-XX:TieredStopAtLevel=4", "-Dmta.log.level=INFO");

        // When
        final List<String> command = HeapCeiling.childCommand("java", own, "x.jar", ARGS, List.of(), false, null);

        // Then
        assertThat(command.indexOf("-XX:TieredStopAtLevel=4")).isGreaterThan(command.indexOf(HeapCeiling.QUICK_JIT));
        assertThat(command).contains("-Dmta.log.level=INFO");
    }

    @Test
    void aCollectorOfTheUsersIsNotJoinedBySerial() {
        // Given: two collectors would stop the JVM from starting
        final List<String> own = List.of("-XX:+UseG1GC");

        // When
        final List<String> withG1 = HeapCeiling.childCommand("java", own, "x.jar", ARGS, List.of(), false, null);
        final List<String> without = HeapCeiling.childCommand("java", List.of(), "x.jar", ARGS, List.of(), false, null);

        // Then (positive control: without the user's choice the serial collector is given)
        assertThat(withG1).contains("-XX:+UseG1GC").doesNotContain(HeapCeiling.SERIAL_GC);
        assertThat(without).contains(HeapCeiling.SERIAL_GC);
    }

    @Test
    void aYoungGenerationOfTheUsersIsNotOverriddenByOurs() {
        // Given: the user sized the young generation by ratio, which an -Xmn of ours would override
        final List<String> own = List.of("-XX:NewRatio=3");

        // When
        final List<String> withRatio = HeapCeiling.childCommand("java", own, "x.jar", ARGS, List.of(), false, null);
        final List<String> without = HeapCeiling.childCommand("java", List.of(), "x.jar", ARGS, List.of(), false, null);

        // Then (positive control: without the user's choice ours is given)
        assertThat(withRatio).contains("-XX:NewRatio=3").doesNotContain(HeapCeiling.YOUNG_GENERATION);
        assertThat(without).contains(HeapCeiling.YOUNG_GENERATION);
    }

    @Test
    void hugePagesAreAskedForOnlyWhereOfferedAndTheUserDidNotChooseAPageSize() {
        // When
        final List<String> offered = HeapCeiling.childCommand("java", List.of(), "x.jar", ARGS, List.of(), true, null);
        final List<String> notOffered = HeapCeiling.childCommand("java", List.of(), "x.jar", ARGS, List.of(), false, null);
        final List<String> usersLargePages = HeapCeiling.childCommand("java", List.of("-XX:+UseLargePages"), "x.jar", ARGS,
                List.of(), true, null);

        // Then
        assertThat(offered).contains(HeapCeiling.HUGE_PAGES);
        assertThat(notOffered).doesNotContain(HeapCeiling.HUGE_PAGES);
        assertThat(usersLargePages).contains("-XX:+UseLargePages").doesNotContain(HeapCeiling.HUGE_PAGES);
    }

    @Test
    void theChildsTemporaryDirectoryIsTheScratchDirectoryAfterTheUsersOwn() {
        // Given: the user's own temporary directory, in which the parent made the scratch directory
        final Path scratch = Path.of("/big/tmp/mta-correlator-run-42-0");
        final List<String> own = List.of("-Djava.io.tmpdir=/big/tmp");

        // When
        final List<String> withScratch = HeapCeiling.childCommand("java", own, "x.jar", ARGS, List.of(), false, scratch);
        final List<String> without = HeapCeiling.childCommand("java", own, "x.jar", ARGS, List.of(), false, null);

        // Then: the later -D wins, so the child's temporary files land in the scratch directory, and it knows the parent deletes it
        assertThat(withScratch.lastIndexOf("-Djava.io.tmpdir=" + scratch)).isGreaterThan(withScratch.indexOf("-Djava.io.tmpdir=/big/tmp"));
        assertThat(withScratch).contains("-D" + ScratchDirectory.PROPERTY + "=" + scratch);
        // (positive control: without a scratch directory the child keeps the user's and cleans up after itself)
        assertThat(without).contains("-Djava.io.tmpdir=/big/tmp").noneMatch(o -> o.startsWith("-D" + ScratchDirectory.PROPERTY));
    }

    @Test
    void linuxOffersHugePagesWhenItsSettingIsAlwaysOrMadvise(@TempDir final Path dir) throws IOException {
        // Given: the kernel's setting file, its chosen value in brackets
        final Path madvise = Files.writeString(dir.resolve("madvise"), "always [madvise] never\n");
        final Path always = Files.writeString(dir.resolve("always"), "[always] madvise never\n");
        final Path never = Files.writeString(dir.resolve("never"), "always madvise [never]\n");

        // When / Then
        assertThat(HeapCeiling.offersHugePages(madvise)).isTrue();
        assertThat(HeapCeiling.offersHugePages(always)).isTrue();
        assertThat(HeapCeiling.offersHugePages(never)).isFalse();
        assertThat(HeapCeiling.offersHugePages(dir.resolve("absent"))).as("not Linux").isFalse();
    }

    @Test
    void theOptionsBeforeDashJarAreReadFromTheCommandLine() {
        // Given: java -Dmta.log.level=INFO -Xss2m -jar x.jar correlate in.ndjson, with no options in the environment
        final List<String> argv = List.of("-Dmta.log.level=INFO", "-Xss2m", "-jar", "x.jar", "correlate", "in.ndjson");

        // When / Then: exactly the two JVM options, neither the jar nor the command's arguments
        assertThat(HeapCeiling.jvmOptions(argv, Map.of("PATH", "/usr/bin")))
                .contains(List.of("-Dmta.log.level=INFO", "-Xss2m"));
        assertThat(HeapCeiling.jvmOptions(List.of("-jar", "x.jar", "correlate"), Map.of())).contains(List.of());
    }

    @Test
    void whereTheCommandLineIsNotCertainTheManagementInterfaceIsAsked() {
        final List<String> plain = List.of("-Xss2m", "-jar", "x.jar", "correlate");
        // Positive control: the same command line with a blank variable is read from the command line
        assertThat(HeapCeiling.jvmOptions(plain, Map.of("JAVA_TOOL_OPTIONS", " "))).isPresent();

        // Options in the environment: the JVM applies them where the management interface lists them in order
        assertThat(HeapCeiling.jvmOptions(plain, Map.of("JAVA_TOOL_OPTIONS", "-Xmx2g"))).isEmpty();
        assertThat(HeapCeiling.jvmOptions(plain, Map.of("JDK_JAVA_OPTIONS", "-Xshare:off"))).isEmpty();
        assertThat(HeapCeiling.jvmOptions(plain, Map.of("_JAVA_OPTIONS", "-XX:+UseG1GC"))).isEmpty();
        // A launcher option with its value in the next argument, an argument file, no -jar, no command line (Windows)
        assertThat(HeapCeiling.jvmOptions(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-jar", "x.jar"), Map.of())).isEmpty();
        assertThat(HeapCeiling.jvmOptions(List.of("@jvm.args", "-jar", "x.jar"), Map.of())).isEmpty();
        assertThat(HeapCeiling.jvmOptions(List.of("-cp", "x.jar", "io.mtacorrelator.cli.MtaCorrelatorCli"), Map.of())).isEmpty();
        assertThat(HeapCeiling.jvmOptions(null, Map.of())).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "the stand-in child is a POSIX sleep or sh; the same wait is exercised with the jar by ScratchDirectoryIT")
    void aChildThatReportedItsExitIsEndedAndItsReportedCodePassedOn(@TempDir final Path scratch) throws Exception {
        // Given: a child that would go on for two minutes after reporting exit code 3 (as a JVM waits out its exit)
        final Process lingering = new ProcessBuilder("sleep", "120").start();
        Files.writeString(scratch.resolve(ScratchDirectory.EXIT_REPORT), "3");

        // When
        final long started = System.nanoTime();
        final int code = HeapCeiling.awaitReportOrExit(lingering, scratch);

        // Then: the reported code, and the child ended by the parent, not by itself (generous: half its sleep)
        assertThat(code).isEqualTo(3);
        assertThat(lingering.isAlive()).isFalse();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(60));
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "the stand-in child is a POSIX sleep or sh; the same wait is exercised with the jar by ScratchDirectoryIT")
    void aChildThatEndsWithoutAReportPassesOnItsOwnExitCode(@TempDir final Path scratch) throws Exception {
        // Given: a child that ends by itself with 7 and reports nothing (a crash, a JVM that could not start)
        final Process ending = new ProcessBuilder("sh", "-c", "sleep 0.2; exit 7").start();

        // When / Then
        assertThat(HeapCeiling.awaitReportOrExit(ending, scratch)).isEqualTo(7);
    }
}
