package io.mtacorrelator.cli;

import org.slf4j.LoggerFactory;

/**
 * One-time initialisations that a short run ({@code correlate}, {@code demo}) pays before its private broker can
 * start, done on a thread of their own while the main thread parses and checks the command line (measured with
 * {@code tools/bench/startup.py}, see BENCHMARKS.md):
 * <ul>
 *   <li>logging: log4j reads its configuration and plugins and registers with the platform MBean server, 0.2-0.35 s
 *       on the first logger, which the main thread otherwise asks for just before the broker starts;</li>
 *   <li>the broker's configuration classes, whose definitions are built once (about 50 ms).</li>
 * </ul>
 * Nothing here starts a broker, binds a port or writes a file: a command line that turns out to be wrong still ends
 * with its one line before anything else happens, and this thread (a daemon) ends with the JVM. Whatever it has not
 * finished is waited for (the JVM's class-initialisation and log4j's own locks) or done where it is first needed.
 */
final class ShortRunWarmUp {

    private static final String BROKER_CONFIG = "kafka.server.KafkaConfig";

    private ShortRunWarmUp() {
    }

    /** Starts the warm-up when the command line names a short run; returns at once. */
    static void startFor(final String[] args) {
        if (args.length > 0 && HeapCeiling.FINITE_COMMANDS.contains(args[0])) {
            final Thread warmUp = new Thread(ShortRunWarmUp::run, "mta-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
    }

    private static void run() {
        try {
            LoggerFactory.getLogger(ShortRunWarmUp.class);
            Class.forName(BROKER_CONFIG, true, ShortRunWarmUp.class.getClassLoader());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Only time is lost: the same work is done, and fails with its own message, where it is first needed.
        }
    }
}
