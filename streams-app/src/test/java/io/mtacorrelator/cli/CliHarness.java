package io.mtacorrelator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and keeps what it wrote to stdout and stderr. */
record CliHarness(int exitCode, String out, String err) {

    static CliHarness run(final String... args) {
        return runWith(java.util.Map.of(), args);
    }

    /** With this environment instead of the process's (KAFKA_*, MTA_* layers). */
    static CliHarness runWith(final java.util.Map<String, String> environment, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
        return new CliHarness(code, out.toString(), err.toString());
    }
}
