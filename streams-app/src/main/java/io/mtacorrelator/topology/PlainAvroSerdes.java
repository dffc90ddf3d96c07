package io.mtacorrelator.topology;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Avro binary with the writer schema fixed to the generated class, no registry. For the embedded demo and
 * {@code correlate}, where the producer and every consumer are this program.
 */
public final class PlainAvroSerdes implements AvroSerdes {

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(final Class<T> type) {
        final Schema schema = SpecificData.get().getSchema(type);
        final SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
        final SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        final Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as Avro for topic " + topic, e);
            }
            return out.toByteArray();
        };
        final Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            try {
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " Avro from topic " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
