package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Declaration;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The topology's {@code declarations-tag} step. Input: a declaration record (key environment/service, null value = the
 * declaration was removed). Output: a {@link DeclarationChange} for the detect processor of this same task when the
 * record is in the partition of its service (as a producer keyed by environment/service puts it), otherwise the record
 * tagged for the repartition topic ({@link DetectionInput#declaration}). {@code inPlacePartitions} as in
 * {@link HeartbeatKeying}: 0 sends every declaration through the repartition topic.
 */
public final class DeclarationRouting implements Processor<String, Declaration, String, Object> {
    private final String topic;
    private final Serializer<Declaration> encoder;
    private final int inPlacePartitions;
    private ProcessorContext<String, Object> ctx;

    public DeclarationRouting(String topic, Serializer<Declaration> encoder, int inPlacePartitions) {
        this.topic = topic;
        this.encoder = encoder;
        this.inPlacePartitions = inPlacePartitions;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.ctx = context;
    }

    @Override
    public void process(Record<String, Declaration> record) {
        int partition = ctx.recordMetadata().orElseThrow().partition();
        Declaration decl = record.value();
        if (DetectionInput.inPlace(partition, record.key(), inPlacePartitions)) {
            ctx.forward(record.withValue(new DeclarationChange(record.key(), decl)));
        } else {
            ctx.forward(record.withValue(DetectionInput.declaration(decl == null ? null : encoder.serialize(topic, decl))));
        }
    }
}
