package io.mtacorrelator.cli;

import picocli.CommandLine;

import java.util.Map;

/** A command that talks to a Kafka cluster: the shared cluster options, layered over the environment. */
abstract class ClusterCommand implements ReadsEnvironment {

    @CommandLine.Mixin
    ClusterOptions cluster = new ClusterOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void environment(final Map<String, String> environment) {
        cluster.environment = environment;
    }
}
