package io.fleetaudit.streams.errors;

import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.schemas.serde.Serdes2;
import io.fleetaudit.schemas.topics.Topics;
import io.fleetaudit.streams.StreamsAppConfig;
import io.fleetaudit.streams.StreamsMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed record into a DeadLetter on fleet.heartbeats.dlq.v1 (original key and value bytes untouched,
 * topic/partition/offset/timestamp/headers, stage, error class and message) and counts it. Shared by the
 * deserialization and processing handlers; the record is produced by Kafka Streams inside the task's transaction.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private Serializer<DeadLetter> serializer;
    private String application;
    private StreamsMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    void configure(Map<String, ?> configs) {
        Map<String, Object> serdeCfg = new HashMap<>(configs);
        serdeCfg.remove(StreamsAppConfig.INTERNAL_METRICS);
        serializer = Serdes2.avro(DeadLetter.class, serdeCfg).serializer();
        Object app = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        application = app == null ? null : app.toString();
        Object m = configs.get(StreamsAppConfig.INTERNAL_METRICS);
        metrics = m instanceof StreamsMetrics sm ? sm : null;
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(String stage, String topic, int partition, long offset,
                                                   long timestamp, byte[] key, byte[] value, Headers headers,
                                                   Exception error) {
        Map<String, String> hs = new LinkedHashMap<>();
        if (headers != null) {
            for (Header h : headers) {
                hs.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        DeadLetter dl = DeadLetter.newBuilder().setTopic(topic == null ? "" : topic).setPartition(partition)
                .setOffset(offset).setTimestamp(timestamp < 0 ? null : Instant.ofEpochMilli(timestamp))
                .setKey(key == null ? null : ByteBuffer.wrap(key)).setValue(value == null ? null : ByteBuffer.wrap(value))
                .setHeaders(hs).setStage(stage).setErrorClass(error.getClass().getName())
                .setErrorMessage(error.getMessage()).setApplication(application).setFailedAt(clock.instant()).build();
        LOG.warn("Dead-lettering record {}-{}@{} ({}): {}", topic, partition, offset, stage, error.toString());
        byte[] bytes = serializer.serialize(Topics.HEARTBEATS_DLQ, dl);
        if (metrics != null) {
            metrics.deadLetter(stage);
        }
        return List.of(new ProducerRecord<>(Topics.HEARTBEATS_DLQ, null, key, bytes));
    }
}
