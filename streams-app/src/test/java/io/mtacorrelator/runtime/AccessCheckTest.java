package io.mtacorrelator.runtime;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stream thread's authorization failure becomes: the one line naming the right, the resource and the ACL,
 * whatever Kafka Streams wrapped it in. The start-up checks are shown on a real broker by SecuredClusterIT.
 */
class AccessCheckTest {

    private static final String PRINCIPAL = "User:correlator";
    private static final AccessCheck ACCESS = new AccessCheck(PRINCIPAL, "mta-correlator",
            Set.of("mta.raw.eventlog", "mta.events"), Set.of("mta.events", "mta.incidents", "mta.deadletter"), true);

    @Test
    void aTopicRefusedToAStreamThreadIsNamedWithTheRightItsRoleNeeds() {
        // When: the producer is refused the incident topic, wrapped as Kafka Streams wraps it
        final var written = ACCESS.explain(new StreamsException("task failed",
                new KafkaException("send failed", new TopicAuthorizationException(Set.of("mta.incidents")))));
        final var read = ACCESS.explain(new StreamsException(new TopicAuthorizationException(Set.of("mta.raw.eventlog"))));
        final var both = ACCESS.explain(new TopicAuthorizationException(Set.of("mta.events")));

        // Then
        assertThat(written).get().extracting(Throwable::getMessage).isEqualTo("not authorised to WRITE topic mta.incidents as "
                + PRINCIPAL + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL + " --operation Write --topic mta.incidents)");
        assertThat(read).get().extracting(Throwable::getMessage).isEqualTo("not authorised to READ topic mta.raw.eventlog as "
                + PRINCIPAL + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL + " --operation Read --topic mta.raw.eventlog)");
        assertThat(both).get().extracting(Throwable::getMessage).isEqualTo("not authorised to READ/WRITE topic mta.events as " + PRINCIPAL
                + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL + " --operation Read --operation Write --topic mta.events)");
    }

    @Test
    void internalTopicsGroupAndTransactionalIdsPointAtTheirPrefixedAcls() {
        // When
        final var internal = ACCESS.explain(new TopicAuthorizationException(Set.of("mta-correlator-mta-state-changelog")));
        final var group = ACCESS.explain(new StreamsException(new GroupAuthorizationException("Not authorized", "mta-correlator")));
        final var transactional = ACCESS.explain(new StreamsException(new TransactionalIdAuthorizationException("Not authorized")));

        // Then
        assertThat(internal).get().extracting(Throwable::getMessage).asString()
                .startsWith("not authorised to READ/WRITE internal topic mta-correlator-mta-state-changelog as " + PRINCIPAL)
                .endsWith("--topic mta-correlator --resource-pattern-type prefixed)");
        assertThat(group).get().extracting(Throwable::getMessage).isEqualTo("not authorised to READ group mta-correlator as " + PRINCIPAL
                + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL + " --operation Read --group mta-correlator"
                + " --resource-pattern-type prefixed)");
        assertThat(transactional).get().extracting(Throwable::getMessage).isEqualTo("not authorised to WRITE transactional id prefixed "
                + "mta-correlator as " + PRINCIPAL + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL
                + " --operation Write --transactional-id mta-correlator --resource-pattern-type prefixed)");
    }

    @Test
    void aClusterRightIsNamedAsOneLineToo() {
        // When
        final var cluster = ACCESS.explain(new StreamsException(new ClusterAuthorizationException("Cluster authorization failed.")));

        // Then
        assertThat(cluster).get().extracting(Throwable::getMessage).asString()
                .startsWith("not authorised for a cluster operation as " + PRINCIPAL + ": Cluster authorization failed.")
                .doesNotContain("\n");
    }

    @Test
    void otherFailuresAreNotCalledAuthorisationOnes() {
        // When: a failure with no authorization error among its causes (the tests above are the positive control)
        final var other = ACCESS.explain(new StreamsException("boom", new KafkaException("disk full")));

        // Then
        assertThat(other).isEmpty();
    }

    @Test
    void thePrincipalIsTheJaasUserNameAndNeverTheRestOfTheLine() {
        // Given
        final Properties props = new Properties();
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"correlator\" "
                + "password=\"s3cret-value\";");

        // When
        final String principal = AccessCheck.principalOf(props);
        final String unknown = AccessCheck.principalOf(new Properties());

        // Then
        assertThat(principal).isEqualTo("User:correlator").doesNotContain("s3cret-value");
        assertThat(unknown).isEqualTo("User:<the app's principal>");
    }
}
