package io.mtacorrelator.cli;

import io.mtacorrelator.registry.SchemaRegistryClient;
import io.mtacorrelator.registry.SchemaRegistryException;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.RegistryAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "register-schemas",
        mixinStandardHelpOptions = true,
        description = {
                "Registers the Avro schemas this version writes in the schema registry (mta.schema.registry.url), under "
                        + "the subjects <topic>-value of the configured topics: the deploy step for running with "
                        + "mta.schema.registry.auto.register=false. Each schema is first checked against the subject's "
                        + "compatibility rule; an incompatible one stops the command before anything is registered.",
                "Speaks the Confluent REST API: Confluent Schema Registry, Karapace, Redpanda, Apicurio "
                        + "(.../apis/ccompat/v7). Configuration layers as for run (--config FILE, MTA_* environment, --set); "
                        + "no Kafka cluster is needed."},
        footer = {"", "Examples:",
                "  java -jar mta-correlator.jar register-schemas \\",
                "    --set mta.schema.registry.url=http://schema-registry:8081",
                "  java -jar mta-correlator.jar register-schemas --config prod.properties \\",
                "    --dry-run"})
final class RegisterSchemasCommand extends ClusterCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "Only check each schema against its subject; register nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final CorrelatorConfig config;
        final SchemaRegistryClient client;
        try {
            config = cluster.layers(RunCommand.DEFAULTS, List.of()).check();
            if (config.getString(CorrelatorConfig.SCHEMA_REGISTRY_URL).isBlank()) {
                err.println("register-schemas: no schema registry given: set " + CorrelatorConfig.SCHEMA_REGISTRY_URL
                        + " (MTA_SCHEMA_REGISTRY_URL)");
                return ExitCodes.USAGE;
            }
            client = new SchemaRegistryClient(config.registrySettings());
        } catch (ConfigException e) {
            err.println("register-schemas: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        final Map<String, Schema> schemas = Topics.avroValueSchemas(config);
        try {
            // Every check before any registration: a refused schema leaves the registry as it was.
            for (final Map.Entry<String, Schema> e : schemas.entrySet()) {
                final String subject = RegistryAvroSerdes.subject(e.getKey());
                final String verdict = check(client, subject, e.getValue());
                if (verdict != null) {
                    err.println("register-schemas: " + verdict);
                    return ExitCodes.FAILED;
                }
            }
            for (final Map.Entry<String, Schema> e : schemas.entrySet()) {
                final String subject = RegistryAvroSerdes.subject(e.getKey());
                if (dryRun) {
                    out.println(subject + ": " + e.getValue().getFullName() + " is compatible (dry run: not registered)");
                } else {
                    final SchemaRegistryClient.SubjectVersion version = registered(client, subject, e.getValue());
                    out.println(subject + ": " + e.getValue().getFullName() + " is version " + version.version() + ", id "
                            + version.id());
                }
            }
        } catch (SchemaRegistryException e) {
            err.println("register-schemas: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Null when the subject takes the schema or has no version yet, else the line that says why not. A subject without
     * versions is 40401 at Confluent's registry and 40402 (no version 'latest') at Apicurio's ccompat API.
     */
    private static String check(final SchemaRegistryClient client, final String subject, final Schema schema) {
        final SchemaRegistryClient.Compatibility compatibility;
        try {
            compatibility = client.compatibility(subject, schema);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return null;
            }
            throw e;
        }
        if (compatibility.compatible()) {
            return null;
        }
        final String reasons = compatibility.messages().isEmpty() ? "" : ": " + String.join("; ", compatibility.messages());
        return ("subject " + subject + " at " + client.url() + " refuses " + schema.getFullName()
                + " as incompatible with its latest version" + reasons).replaceAll("\\s+", " ");
    }

    private static SchemaRegistryClient.SubjectVersion registered(final SchemaRegistryClient client, final String subject,
                                                                  final Schema schema) {
        client.register(subject, schema);
        return client.lookup(subject, schema);
    }
}
