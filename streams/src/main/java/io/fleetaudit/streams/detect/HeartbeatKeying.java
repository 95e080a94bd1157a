package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The topology's {@code heartbeats-key-by-service} step. Input: a heartbeat's original bytes keyed by nodeId. Output,
 * keyed by environment/service: {@link HeartbeatBytes} when the heartbeat already is in its service's partition
 * ({@link HeartbeatPartitioner}, which the agents use), detected in this same task; otherwise the bytes tagged with their
 * source ({@link DetectionInput#heartbeat}) for the repartition topic. Only the identity fields are decoded here
 * ({@link HeartbeatValidator#IDENTITY_FIELDS}, a projection that reads the heartbeat's leading bytes and stops).
 * Undecodable or invalid heartbeats throw, and the processing handler dead-letters them from here with their source
 * provenance.
 * <p>{@code inPlacePartitions}: the partition count of the heartbeats topic when it equals the detection's (then task p
 * reads heartbeat partition p and owns the services placed there); 0 sends every heartbeat through the repartition.
 */
public final class HeartbeatKeying implements Processor<String, byte[], String, Object> {
    private final String topic;
    private final Deserializer<GenericRecord> identity;
    private final Deserializer<Heartbeat> decoder;
    private final int inPlacePartitions;
    private ProcessorContext<String, Object> ctx;

    public HeartbeatKeying(String topic, Deserializer<GenericRecord> identity, Deserializer<Heartbeat> decoder,
                           int inPlacePartitions) {
        this.topic = topic;
        this.identity = identity;
        this.decoder = decoder;
        this.inPlacePartitions = inPlacePartitions;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.ctx = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String envService = HeartbeatValidator.validateIdentity(record.key(), identity.deserialize(topic, record.value()));
        RecordMetadata source = ctx.recordMetadata().orElseThrow();
        if (DetectionInput.inPlace(source.partition(), envService, inPlacePartitions)) {
            ctx.forward(record.withKey(envService).withValue(new HeartbeatBytes(topic, source.partition(), source.offset(),
                    record.key(), record.value(), 0, decoder)));
        } else {
            ctx.forward(record.withKey(envService)
                    .withValue(DetectionInput.heartbeat(source.partition(), source.offset(), record.key(), record.value())));
        }
    }
}
