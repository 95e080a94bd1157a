package io.fleetaudit.streams.detect;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The topology's {@code heartbeats-key-by-service} step. Input: a heartbeat's original bytes keyed by nodeId. Output:
 * the same bytes keyed by environment/service and tagged with their source ({@link DetectionInput#heartbeat}).
 * Only the identity fields are decoded here ({@link HeartbeatValidator#IDENTITY_FIELDS}, a projection that reads the
 * heartbeat's leading bytes and stops): the heartbeat is decoded in full once, after the repartition. Undecodable or invalid heartbeats throw, and
 * the processing handler dead-letters them from here with their source provenance.
 */
public final class HeartbeatKeying implements Processor<String, byte[], String, byte[]> {
    private final String topic;
    private final Deserializer<GenericRecord> identity;
    private ProcessorContext<String, byte[]> ctx;

    public HeartbeatKeying(String topic, Deserializer<GenericRecord> identity) {
        this.topic = topic;
        this.identity = identity;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.ctx = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String envService = HeartbeatValidator.validateIdentity(record.key(), identity.deserialize(topic, record.value()));
        RecordMetadata source = ctx.recordMetadata().orElseThrow();
        ctx.forward(record.withKey(envService)
                .withValue(DetectionInput.heartbeat(source.partition(), source.offset(), record.key(), record.value())));
    }
}
