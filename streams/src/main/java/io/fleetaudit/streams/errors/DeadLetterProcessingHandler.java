package io.fleetaudit.streams.errors;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that decodes but fails validation or processing (e.g. a heartbeat whose key is not its nodeId)
 * becomes a DeadLetter with the raw source bytes and provenance; the app resumes with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    public static final String STAGE = "processing";
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof SourceRecordException source) {
            // Surfaced downstream of the repartition: dead-letter the source record it came from, with its provenance.
            Exception cause = (Exception) source.getCause();
            return Response.resume(deadLetters.deadLetter(stage(cause), source.topic(), source.partition(), source.offset(),
                    context.timestamp(), source.key(), source.value(), context.headers(), cause));
        }
        return Response.resume(deadLetters.deadLetter(stage(exception), context.topic(), context.partition(),
                context.offset(), context.timestamp(), context.sourceRawKey(), context.sourceRawValue(), context.headers(),
                exception));
    }

    /** Heartbeats are decoded inside processors (their bytes are forwarded as is), so decoding failures surface here. */
    private static String stage(Exception exception) {
        return exception instanceof SerializationException ? DeadLetterDeserializationHandler.STAGE : STAGE;
    }
}
