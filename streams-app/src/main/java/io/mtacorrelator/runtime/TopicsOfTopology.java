package io.mtacorrelator.runtime;

import org.apache.kafka.streams.TopologyDescription;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a topology's description says it reads, writes and keeps: the one walk over its nodes behind both the
 * start-up summary line and the rights the application needs.
 */
record TopicsOfTopology(Set<String> read, Set<String> written, Set<String> stores, int nodes) {

    static TopicsOfTopology of(final TopologyDescription description) {
        final Set<String> stores = new TreeSet<>();
        final Set<String> read = new TreeSet<>();
        final Set<String> written = new TreeSet<>();
        int nodes = 0;
        for (final TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (final TopologyDescription.Node node : sub.nodes()) {
                nodes++;
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    read.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    written.add(sink.topic());
                }
            }
        }
        return new TopicsOfTopology(Collections.unmodifiableSet(read), Collections.unmodifiableSet(written),
                Collections.unmodifiableSet(stores), nodes);
    }
}
