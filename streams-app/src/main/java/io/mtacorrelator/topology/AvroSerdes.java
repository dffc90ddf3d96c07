package io.mtacorrelator.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Where the Avro serdes of the normalised and incident topics come from (a schema registry, or none). */
public interface AvroSerdes {

    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);
}
