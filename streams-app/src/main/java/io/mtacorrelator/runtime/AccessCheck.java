package io.mtacorrelator.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rights the application needs on a cluster with an authorizer (the README's minimum ACLs), checked before Kafka
 * Streams starts, and Kafka's authorization errors turned into the one line that names the missing right and its
 * resource. Checked up front because a stream thread meets a missing ACL only when it first touches the resource,
 * with Kafka's generic message ("Not authorized to access topics: [...]") and after a rebalance; the start-up check
 * makes the common case deterministic, and {@link #explain} covers what it cannot see (rights removed later).
 *
 * @param principal the Kafka principal the app authenticates as, for the {@code kafka-acls} hint
 * @param applicationId the prefix of internal topics, the consumer group and transactional ids
 * @param read   topics the topology consumes
 * @param written topics the topology or its handlers produce to (the dead-letter topic among them)
 * @param transactional whether the app writes in transactions (exactly-once)
 */
public record AccessCheck(String principal, String applicationId, Set<String> read, Set<String> written, boolean transactional) {

    /** A start or a run that stopped because the principal lacks an ACL; the message is the one line. */
    public static final class NotAuthorisedException extends CorrelatorApp.StartupException {
        private static final long serialVersionUID = 1L;

        NotAuthorisedException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** Not a secret: the user name only, taken from the JAAS line (never the rest of it, which holds the password). */
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    /** The suffix of names used to probe the rights on internal topics and transactional ids; never created. */
    static final String PROBE = "-mta-access-check";

    public AccessCheck {
        read = Set.copyOf(read);
        written = Set.copyOf(written);
    }

    /** The principal as the operator grants it: {@code User:<SASL user name>} from {@code sasl.jaas.config}. */
    public static String principalOf(final Properties props) {
        final Object jaas = props.get("sasl.jaas.config");
        if (jaas != null) {
            // A Password when it comes from a parsed config: value() is the text; never printed whole.
            final String text = jaas instanceof org.apache.kafka.common.config.types.Password p ? p.value() : jaas.toString();
            final Matcher m = JAAS_USER.matcher(text);
            if (m.find()) {
                return "User:" + m.group(1);
            }
        }
        return "User:<the app's principal>";
    }

    public static boolean transactional(final Properties props) {
        final String guarantee = props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return !StreamsConfig.AT_LEAST_ONCE.equals(guarantee);
    }

    /**
     * Checks every right of the minimum list that can be checked without side effects; throws
     * {@link NotAuthorisedException} naming the first one missing.
     */
    public void verify(final Admin admin, final long timeoutMs) throws InterruptedException {
        final List<String> topics = new ArrayList<>(new TreeSet<>(read));
        written.stream().filter(t -> !read.contains(t)).sorted().forEach(topics::add);
        final Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(timeoutInt(timeoutMs))).topicNameValues();
        for (final String topic : topics) {
            final Set<AclOperation> allowed = topicOperations(described.get(topic), timeoutMs);
            final List<String> lacking = new ArrayList<>();
            if (read.contains(topic) && !allows(allowed, AclOperation.READ)) {
                lacking.add("READ");
            }
            if (written.contains(topic) && !allows(allowed, AclOperation.WRITE)) {
                lacking.add("WRITE");
            }
            if (!lacking.isEmpty()) {
                throw missing(String.join("/", lacking), "topic " + topic, topicAcl(topic), null);
            }
        }
        checkInternalTopics(admin, timeoutMs);
        checkGroup(admin, timeoutMs);
        if (transactional) {
            checkTransactionalId(admin, timeoutMs);
        }
    }

    /**
     * For topics the cluster did not list: one the principal may not even describe is not listed either, and must be
     * reported as the right it lacks, not as missing. Throws {@link NotAuthorisedException} for the first such topic;
     * returns if they all seem really absent.
     */
    public void refuseUnlisted(final Admin admin, final List<String> unlisted, final long timeoutMs) throws InterruptedException {
        final Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(unlisted).topicNameValues();
        for (final String topic : unlisted) {
            try {
                described.get(topic).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw explain(e.getCause(), topic).orElseThrow();
                }
            } catch (TimeoutException e) {
                return;
            }
        }
    }

    /** The one line for an authorization failure anywhere in {@code e}'s causes; empty if it is not one. */
    public Optional<NotAuthorisedException> explain(final Throwable e) {
        return explain(e, null);
    }

    /**
     * As {@link #explain(Throwable)}, for a failure about {@code topic} (the admin client's per-topic answers do
     * not name it).
     */
    public Optional<NotAuthorisedException> explain(final Throwable e, final String topicAskedFor) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TopicAuthorizationException topic) {
                final Set<String> names = new TreeSet<>(topic.unauthorizedTopics());
                final String name = names.isEmpty() ? topicAskedFor : names.iterator().next();
                if (name == null) {
                    return Optional.of(new NotAuthorisedException("not authorised to use a topic as " + principal + ": " + oneLine(t)
                            + " (see the minimum ACLs in the README's Security section)", t));
                }
                if (!applicationId.isEmpty() && name.startsWith(applicationId + "-")) {
                    return Optional.of(missing("READ/WRITE", "internal topic " + name, internalTopicsAcl(), t));
                }
                // Kafka does not say which operation was refused: the topic's role in the topology does.
                final String op = read.contains(name) && written.contains(name) ? "READ/WRITE" : written.contains(name) ? "WRITE" : "READ";
                return Optional.of(missing(op, "topic " + name, topicAcl(name), t));
            }
            if (t instanceof GroupAuthorizationException group) {
                final String id = group.groupId() == null ? applicationId : group.groupId();
                return Optional.of(missing("READ", "group " + id, groupAcl(), t));
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return Optional.of(missing("WRITE", "transactional id prefixed " + applicationId, transactionalIdAcl(), t));
            }
            if (t instanceof ClusterAuthorizationException) {
                return Optional.of(new NotAuthorisedException("not authorised for a cluster operation as " + principal + ": "
                        + oneLine(t) + " (the minimum ACLs need none on the cluster: see the README's Security section)", t));
            }
        }
        return Optional.empty();
    }

    private Set<AclOperation> topicOperations(final KafkaFuture<TopicDescription> future, final long timeoutMs)
            throws InterruptedException {
        try {
            final Set<AclOperation> ops = future.get(timeoutMs, TimeUnit.MILLISECONDS).authorizedOperations();
            // Not reported (a broker that does not say): nothing to judge by here; a stream thread's failure says it.
            return ops == null ? Set.of(AclOperation.ALL) : ops;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                // Not even DESCRIBE (which READ and WRITE imply): no right at all on it.
                return Set.of();
            }
            throw new CorrelatorApp.StartupException("cannot check the rights on the topics: " + oneLine(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new CorrelatorApp.StartupException("cannot check the rights on the topics within " + timeoutMs / 1000 + " s");
        }
    }

    /**
     * Internal topics (changelogs) are created by Kafka Streams under the application id: a validate-only creation of a
     * name under that prefix is authorised exactly when CREATE on the prefix is, and creates nothing.
     */
    private void checkInternalTopics(final Admin admin, final long timeoutMs) throws InterruptedException {
        final String probe = applicationId + PROBE;
        try {
            admin.createTopics(List.of(new NewTopic(probe, Optional.empty(), Optional.empty())),
                    new CreateTopicsOptions().validateOnly(true).timeoutMs(timeoutInt(timeoutMs))).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw missing("CREATE", "topics prefixed " + applicationId + " (the internal topics)", internalTopicsAcl(), e.getCause());
            }
            // Anything else (a policy, a name already taken) is not about rights: Kafka Streams reports it if it matters.
        } catch (TimeoutException e) {
            throw new CorrelatorApp.StartupException("cannot check the rights on the internal topics within " + timeoutMs / 1000 + " s");
        }
        // DESCRIBE (implied by READ and WRITE) on a name that does not exist answers "unknown topic" when allowed, "not
        // authorised" otherwise: CREATE alone would create the changelogs and then fail to use them.
        try {
            admin.describeTopics(List.of(probe), new DescribeTopicsOptions().timeoutMs(timeoutInt(timeoutMs))).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw missing("READ/WRITE", "topics prefixed " + applicationId + " (the internal topics)", internalTopicsAcl(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new CorrelatorApp.StartupException("cannot check the rights on the internal topics within " + timeoutMs / 1000 + " s");
        }
    }

    private void checkGroup(final Admin admin, final long timeoutMs) throws InterruptedException {
        try {
            final ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId),
                            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true).timeoutMs(timeoutInt(timeoutMs)))
                    .describedGroups().get(applicationId).get(timeoutMs, TimeUnit.MILLISECONDS);
            final Set<AclOperation> allowed = group.authorizedOperations();
            if (allowed != null && !allows(allowed, AclOperation.READ)) {
                throw missing("READ", "group " + applicationId, groupAcl(), null);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                throw missing("READ", "group " + applicationId, groupAcl(), e.getCause());
            }
            // A group that does not exist yet (GroupIdNotFound) was still authorised to be described.
        } catch (TimeoutException e) {
            throw new CorrelatorApp.StartupException("cannot check the rights on group " + applicationId + " within " + timeoutMs / 1000 + " s");
        }
    }

    /** DESCRIBE on an unused transactional id under the prefix: "not found" when allowed (WRITE implies it), "not authorised" otherwise. */
    private void checkTransactionalId(final Admin admin, final long timeoutMs) throws InterruptedException {
        final String probe = applicationId + PROBE;
        try {
            admin.describeTransactions(List.of(probe)).description(probe).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                throw missing("WRITE", "transactional id prefixed " + applicationId, transactionalIdAcl(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new CorrelatorApp.StartupException("cannot check the rights on transactional ids within " + timeoutMs / 1000 + " s");
        }
    }

    private static boolean allows(final Set<AclOperation> allowed, final AclOperation op) {
        return allowed.contains(op) || allowed.contains(AclOperation.ALL);
    }

    private NotAuthorisedException missing(final String operation, final String resource, final String acl, final Throwable cause) {
        return new NotAuthorisedException("not authorised to " + operation + " " + resource
                + " as " + principal + " (ACL needed: " + acl + ")", cause);
    }

    /** Every operation the topic's role needs, as one command: granting only the one named would fail next on the other. */
    private String topicAcl(final String topic) {
        // A topic of no known role (named by Kafka only) is read: what explain() calls it.
        final boolean readIt = read.contains(topic) || !written.contains(topic);
        return "kafka-acls --add --allow-principal " + principal + (readIt ? " --operation Read" : "")
                + (written.contains(topic) ? " --operation Write" : "") + " --topic " + topic;
    }

    private String internalTopicsAcl() {
        return "kafka-acls --add --allow-principal " + principal + " --operation Create --operation Read --operation Write "
                + "--topic " + applicationId + " --resource-pattern-type prefixed";
    }

    private String groupAcl() {
        return "kafka-acls --add --allow-principal " + principal + " --operation Read --group " + applicationId
                + " --resource-pattern-type prefixed";
    }

    private String transactionalIdAcl() {
        return "kafka-acls --add --allow-principal " + principal + " --operation Write --transactional-id " + applicationId
                + " --resource-pattern-type prefixed";
    }

    private static int timeoutInt(final long timeoutMs) {
        return (int) Math.min(timeoutMs, Integer.MAX_VALUE);
    }

    private static String oneLine(final Throwable t) {
        return t == null || t.getMessage() == null ? String.valueOf(t) : t.getMessage().replaceAll("\\s+", " ").strip();
    }

    /** The topics a topology reads (sources) and writes (sinks), among {@code known} (internal ones excluded). */
    static Set<String> among(final Collection<String> names, final Collection<String> known) {
        final Set<String> out = new TreeSet<>(names);
        out.retainAll(known);
        return out;
    }
}
