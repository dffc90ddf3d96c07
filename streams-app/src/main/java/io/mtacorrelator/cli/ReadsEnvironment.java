package io.mtacorrelator.cli;

import java.util.Map;

/** A command whose configuration layers read the environment (KAFKA_*, MTA_*); tests give their own. */
interface ReadsEnvironment {

    void environment(Map<String, String> environment);
}
