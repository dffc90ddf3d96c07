package io.mtacorrelator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and keeps what it wrote to stdout and stderr. */
record CliHarness(int exitCode, String out, String err) {

    static CliHarness run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliHarness(code, out.toString(), err.toString());
    }
}
