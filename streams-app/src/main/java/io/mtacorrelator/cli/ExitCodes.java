package io.mtacorrelator.cli;

/** The exit codes of every command, as the README and --help document them. */
final class ExitCodes {

    static final int OK = 0;
    /** The run failed: a stream thread died, a broker could not be reached mid-run, records went unaccounted. */
    static final int FAILED = 1;
    /** Bad usage, bad configuration (naming the key and its layer) or unreadable input: nothing was started. */
    static final int USAGE = 2;
    /** correlate: no record of the input could be read (all dead-lettered, or none at all); see --allow-empty. */
    static final int NO_READABLE_RECORDS = 3;

    static final String SUMMARY = "0 success, 1 the run failed, 2 bad usage, bad configuration or unreadable input "
            + "(nothing started), 3 no readable records in the input (correlate, unless --allow-empty).";

    private ExitCodes() {
    }
}
