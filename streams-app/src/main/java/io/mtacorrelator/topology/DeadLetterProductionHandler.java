package io.mtacorrelator.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A dead-letter record can be a little larger than the raw record it carries (the headers), and so too
 * large for the cluster. Rather than stop the application, it is replaced by an empty record with the same
 * headers and the size, which still says where the original is. Any other failed send stops the
 * application (nothing is skipped silently).
 *
 * <p>Under exactly-once a refused send has already put the transaction in error, so this handler cannot save it:
 * there the parser's dead letters are cut to their headers before they are sent ({@code mta.deadletter.max.bytes},
 * which {@code run} sets from the cluster), and this handler is the last resort of at-least-once.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    public static final String ORIGINAL_SIZE = "mta.dlt.original.bytes";

    private String deadLetterTopic;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        this.deadLetterTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ProducerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (exception instanceof RecordTooLargeException && record.topic().equals(deadLetterTopic)
                && record.value() != null && record.value().length > 0) {
            LOG.error("Dead-letter record from {}-{}@{} is too large for topic {} ({} bytes); writing its headers only",
                    context.topic(), context.partition(), context.offset(), record.topic(), record.value().length);
            final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headersOnly(headers, record.value().length);
            return Response.resume(List.of(new ProducerRecord<>(record.topic(), null, record.key(), new byte[0], headers)));
        }
        return Response.fail();
    }

    /** The headers of a dead letter written without its record: its size, and why it is not there. */
    static void headersOnly(final Headers headers, final int originalSize) {
        DeadLetterHeaders.put(headers, ORIGINAL_SIZE, originalSize);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON)
                + "; the original is too large for the dead-letter topic, find it at the source offset");
    }
}
