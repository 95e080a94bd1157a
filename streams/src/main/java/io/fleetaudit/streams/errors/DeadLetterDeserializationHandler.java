package io.fleetaudit.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record that cannot be decoded (garbage bytes, unknown schema id) becomes a DeadLetter with its provenance;
 * the app resumes with the next record (KIP-1034 dead-letter records, written in the task's transaction).
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    public static final String STAGE = "deserialization";
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return Response.resume(deadLetters.deadLetter(STAGE, record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value(), record.headers(), exception));
    }
}
