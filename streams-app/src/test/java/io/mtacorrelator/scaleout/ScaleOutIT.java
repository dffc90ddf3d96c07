package io.mtacorrelator.scaleout;

import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.InProcessBroker;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import io.mtacorrelator.workload.WorkloadRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out on the real in-process broker: an estate's incidents are the same whether one instance correlates it on
 * topics of one partition, or two instances (same application id, state directories of their own) share topics of
 * four partitions, also when one of the two stops mid-stream and the other takes its partitions over with their state.
 * Incidents are read with {@code read_committed} to the end of the topic and compared per incident id, each id's
 * state changes in order (an id belongs to one MTA, so to one task: its order is the engine's, not the cluster's).
 */
class ScaleOutIT {

    /**
     * 12 MTAs x 4 connections, 12,000 records from 1999-03-01T06:00:00Z to 06:49:08Z (event time), faults planted at
     * 3 per MTA-hour: the murmur2 partitions of the 12 MTA names cover all 4 partitions (checked below).
     */
    private static final EstateSpec ESTATE = EstateSpec.of(1, 12, 4, 12_000, 3.0);
    private static final Instant FIRST_PART_ENDS = Instant.parse("1999-03-01T06:20:00Z");
    private static final Instant SECOND_PART_ENDS = Instant.parse("1999-03-01T06:32:00Z");

    @RegisterExtension
    static final InProcessBroker KAFKA = new InProcessBroker();

    @Test
    void fourPartitionsOnTwoInstancesGiveTheIncidentsOfOnePartitionOnOne(@TempDir final Path dir) {
        // Given: the estate (06:00:00Z to 06:49:08Z), every fifth record without a key, so that records land off their
        // MTA's partition and take the normalised topics; evaluated at the end of the input (mta.grace.ms=-1, as
        // correlate runs, and no idle flush): the order in which records of different partitions meet does not count
        final List<WorkloadRecord> estate = estate();
        final List<Deployment.Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < estate.size(); i++) {
            deliveries.add(new Deployment.Delivery(estate.get(i), i % 5 != 0));
        }
        final Map<String, String> settings = Map.of(CorrelatorConfig.GRACE_MS, "-1", CorrelatorConfig.IDLE_FLUSH_MS, "-1");
        assertThat(partitionsOf(estate, 4)).as("partitions the MTAs' state lives on").containsExactly(0, 1, 2, 3);

        // When (a): one instance on topics of one partition, the records and then the end-of-input marker
        final Map<String, List<String>> one;
        final long reroutedOnOne;
        final int deadLettersOnOne;
        try (Deployment single = Deployment.create(KAFKA.bootstrapServers(), "one", 1, settings)) {
            final CorrelatorApp app = single.startInstance(dir.resolve("one"));
            single.publish(deliveries);
            single.endOfInput();
            single.awaitProcessed();
            one = single.incidents();
            reroutedOnOne = single.rerouted();
            deadLettersOnOne = single.deadLetters();
            assertThat(app.failure()).isEmpty();
        }

        // When (b): two instances on fresh topics of four partitions, each running some of the four tasks
        final Map<String, List<String>> two;
        final long reroutedOnTwo;
        final int deadLettersOnTwo;
        try (Deployment shared = Deployment.create(KAFKA.bootstrapServers(), "two", 4, settings)) {
            final CorrelatorApp a = shared.startInstance(dir.resolve("a"));
            final CorrelatorApp b = shared.startInstance(dir.resolve("b"));
            awaitShared(a, b, 4);
            shared.publish(deliveries);
            shared.endOfInput();
            shared.awaitProcessed();
            two = shared.incidents();
            reroutedOnTwo = shared.rerouted();
            deadLettersOnTwo = shared.deadLetters();
            assertThat(a.failure()).isEmpty();
            assertThat(b.failure()).isEmpty();
            assertThat(Deployment.activeTasks(a)).as("tasks of a at the end").isNotEmpty();
            assertThat(Deployment.activeTasks(b)).as("tasks of b at the end").isNotEmpty();
        }

        // Then: the one-instance run found incidents on MTAs of more than one of the four partitions (both instances
        // of (b) had incidents to find), everything went straight through on one partition, and on four some records
        // were re-routed through the normalised topics
        assertThat(one).as("incidents of one instance").isNotEmpty();
        assertThat(incidentPartitions(one, 4)).as("partitions of the MTAs with incidents").hasSizeGreaterThan(1);
        assertThat(reroutedOnOne).as("records re-routed on one partition").isZero();
        assertThat(reroutedOnTwo).as("records re-routed on four partitions").isPositive();
        // and the incidents are the same, id by id and change by change, nothing set aside
        assertThat(Deployment.differences(one, two)).as("incidents of two instances on four partitions against one").isEmpty();
        assertThat(two).isEqualTo(one);
        assertThat(deadLettersOnTwo).as("dead letters on four partitions").isEqualTo(deadLettersOnOne);
    }

    @Test
    void anInstanceStoppedMidStreamIsTakenOverWithoutLosingOrRepeatingAnIncident(@TempDir final Path dir) {
        // Given: the estate keyed by MTA as replay publishes it, with the default grace (2 min), so incidents are
        // written while the input streams in, long before its end
        final List<Deployment.Delivery> all = estate().stream().map(r -> new Deployment.Delivery(r, true)).toList();
        final List<Deployment.Delivery> first = between(all, null, FIRST_PART_ENDS);
        final List<Deployment.Delivery> second = between(all, FIRST_PART_ENDS, SECOND_PART_ENDS);
        final List<Deployment.Delivery> rest = between(all, SECOND_PART_ENDS, null);
        assertThat(first.size() + second.size() + rest.size()).isEqualTo(all.size());
        // and what one instance on one partition makes of it, uninterrupted
        final Map<String, List<String>> one;
        final int deadLettersOnOne;
        try (Deployment single = Deployment.create(KAFKA.bootstrapServers(), "one-graced", 1, Deployment.PUBLISHED_IN_STEPS)) {
            final CorrelatorApp app = single.startInstance(dir.resolve("one"));
            single.publish(all);
            single.endOfInput();
            single.awaitProcessed();
            one = single.incidents();
            deadLettersOnOne = single.deadLetters();
            assertThat(app.failure()).isEmpty();
        }

        // When: two instances share four partitions; the records up to 06:20:00Z are processed and committed by both
        final Map<String, List<String>> two;
        final Map<String, List<String>> beforeTheStop;
        final Set<TaskId> tasksOfA;
        final int deadLettersOnTwo;
        try (Deployment shared = Deployment.create(KAFKA.bootstrapServers(), "takeover", 4, Deployment.PUBLISHED_IN_STEPS)) {
            final CorrelatorApp a = shared.startInstance(dir.resolve("a"));
            final CorrelatorApp b = shared.startInstance(dir.resolve("b"));
            awaitShared(a, b, 4);
            tasksOfA = Deployment.activeTasks(a);
            shared.publish(first);
            shared.awaitCommitted(shared.rawEndOffsets());
            beforeTheStop = shared.incidents();
            // and the records from 06:20:00Z to 06:32:00Z are published and a stops at once, in the middle of them
            shared.publish(second);
            final Map<TopicPartition, Long> published = shared.rawEndOffsets();
            assertThat(shared.stop(a)).as("a closed within its shutdown timeout").isTrue();
            final Map<TopicPartition, Long> committedByA = shared.committed();
            // and the rest, from 06:32:00Z to 06:49:08Z, then the end-of-input marker, go to b alone
            shared.publish(rest);
            shared.endOfInput();
            shared.awaitProcessed();
            two = shared.incidents();
            deadLettersOnTwo = shared.deadLetters();
            assertThat(b.failure()).isEmpty();
            assertThat(a.failure()).isEmpty();
            assertThat(Deployment.activeTasks(b)).as("b took over a's tasks %s", tasksOfA).containsAll(tasksOfA);
            // Where a stopped is the machine's business (it may have caught up first); shown for the record.
            System.out.println("ScaleOutIT: a ran " + tasksOfA + "; at its stop, committed/published of the raw partitions: "
                    + new java.util.TreeMap<>(published.keySet().stream().collect(java.util.stream.Collectors.toMap(
                            TopicPartition::toString, tp -> committedByA.getOrDefault(tp, 0L) + "/" + published.get(tp)))));
        }

        // Then: the stop came after incidents had been written (so a repeat or a loss at the takeover would show)
        assertThat(beforeTheStop.values().stream().mapToInt(List::size).sum()).as("state changes written before the stop").isPositive();
        assertThat(tasksOfA).as("a's tasks").isNotEmpty();
        // and the incidents read committed are exactly those of one instance: none lost, none repeated, none changed
        assertThat(one).as("incidents of one instance").isNotEmpty();
        assertThat(Deployment.differences(one, two)).as("incidents with a takeover against one instance").isEmpty();
        assertThat(two).isEqualTo(one);
        assertThat(deadLettersOnTwo).as("dead letters (late signals) with a takeover").isEqualTo(deadLettersOnOne);
    }

    private static List<WorkloadRecord> estate() {
        final List<WorkloadRecord> records = new ArrayList<>();
        new EstateGenerator(ESTATE).generate(records::add);
        return records;
    }

    /** The deliveries with event time in [from, to) (an open end when null). */
    private static List<Deployment.Delivery> between(final List<Deployment.Delivery> all, final Instant from, final Instant to) {
        return all.stream()
                .filter(d -> from == null || d.record().eventTimeMs() >= from.toEpochMilli())
                .filter(d -> to == null || d.record().eventTimeMs() < to.toEpochMilli())
                .toList();
    }

    /** Waits until each instance runs some of the tasks and together they run all of them, each once. */
    private static void awaitShared(final CorrelatorApp a, final CorrelatorApp b, final int tasks) {
        await().atMost(BrokerReads.CEILING).until(() -> {
            final Set<TaskId> ofA = Deployment.activeTasks(a);
            final Set<TaskId> ofB = Deployment.activeTasks(b);
            final Set<TaskId> both = new HashSet<>(ofA);
            both.addAll(ofB);
            return !ofA.isEmpty() && !ofB.isEmpty() && ofA.size() + ofB.size() == tasks && both.size() == tasks;
        });
    }

    /** The partition each MTA's state lives on: Kafka's default partitioner of a record keyed by the MTA. */
    private static int partitionOf(final String mta, final int partitions) {
        return Utils.toPositive(Utils.murmur2(mta.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Set<Integer> partitionsOf(final List<WorkloadRecord> records, final int partitions) {
        final Set<Integer> out = new TreeSet<>();
        records.forEach(r -> out.add(partitionOf(r.mta(), partitions)));
        return out;
    }

    private static Set<Integer> incidentPartitions(final Map<String, List<String>> incidents, final int partitions) {
        final Set<Integer> out = new TreeSet<>();
        incidents.values().forEach(changes -> out.add(partitionOf(Deployment.json(changes.get(0)).path("mta").asText(), partitions)));
        return out;
    }
}
