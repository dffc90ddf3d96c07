package io.mtacorrelator.connect.transforms;

import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Avro record as an Avro converter (Confluent's or Apicurio's AvroConverter) hands it to a transform: a Struct
 * with timestamp-millis as Connect Timestamps (Date), enums as strings, nullable unions as optional fields.
 */
final class AvroStructs {

    private AvroStructs() {
    }

    static Struct toStruct(final GenericRecord record) {
        return (Struct) value(schema(record.getSchema()), record);
    }

    static Schema schema(final org.apache.avro.Schema avro) {
        return switch (avro.getType()) {
            case RECORD -> {
                final SchemaBuilder b = SchemaBuilder.struct().name(avro.getFullName());
                avro.getFields().forEach(f -> b.field(f.name(), schema(f.schema())));
                yield b.build();
            }
            case UNION -> {
                final org.apache.avro.Schema nonNull = avro.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
                yield optional(schema(nonNull));
            }
            case ARRAY -> SchemaBuilder.array(schema(avro.getElementType())).build();
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, schema(avro.getValueType())).build();
            case ENUM, STRING -> Schema.STRING_SCHEMA;
            case INT -> Schema.INT32_SCHEMA;
            case LONG -> avro.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Timestamp.SCHEMA : Schema.INT64_SCHEMA;
            case DOUBLE -> Schema.FLOAT64_SCHEMA;
            default -> throw new IllegalArgumentException("not used by our schemas: " + avro);
        };
    }

    private static Schema optional(final Schema s) {
        final SchemaBuilder b = switch (s.type()) {
            case STRUCT -> {
                final SchemaBuilder sb = SchemaBuilder.struct().name(s.name());
                s.fields().forEach(f -> sb.field(f.name(), f.schema()));
                yield sb;
            }
            case INT64 -> Timestamp.LOGICAL_NAME.equals(s.name()) ? Timestamp.builder() : SchemaBuilder.int64();
            case INT32 -> SchemaBuilder.int32();
            case STRING -> SchemaBuilder.string();
            default -> throw new IllegalArgumentException("not used by our schemas: " + s);
        };
        return b.optional().build();
    }

    private static Object value(final Schema schema, final Object value) {
        if (value == null) {
            return null;
        }
        return switch (schema.type()) {
            case STRUCT -> {
                final GenericRecord r = (GenericRecord) value;
                final Struct s = new Struct(schema);
                schema.fields().forEach(f -> s.put(f, value(f.schema(), r.get(f.name()))));
                yield s;
            }
            case ARRAY -> ((List<?>) value).stream().map(v -> value(schema.valueSchema(), v)).toList();
            case MAP -> {
                final Map<Object, Object> m = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> m.put(k.toString(), value(schema.valueSchema(), v)));
                yield m;
            }
            case STRING -> value.toString();
            case INT64 -> value instanceof Instant i ? Date.from(i) : value;
            default -> value;
        };
    }
}
