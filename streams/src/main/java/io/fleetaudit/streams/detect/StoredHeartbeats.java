package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of {@link StoreNames#HEARTBEATS}: heartbeats in Confluent's wire format. Input: a heartbeat and, when it
 * came as bytes, those bytes. Output: the bytes to store, which are the heartbeat's own bytes as its agent wrote them
 * (with the agent's schema id), so storing a node's new content costs no Avro encoding; and heartbeats read back with the
 * heartbeats topic's deserializer, which resolves the writer's schema as it does for the topic itself.
 * <p>The store used to encode its values with the heartbeats serde: the changelog holds the same kind of bytes either
 * way, so an upgraded instance restores what an older one wrote, and the other way round.
 */
public final class StoredHeartbeats {
    private final Serializer<Heartbeat> encoder;
    private final Deserializer<Heartbeat> decoder;

    /** {@code serde}: the heartbeats topic's value serde. */
    public StoredHeartbeats(Serde<Heartbeat> serde) {
        this.encoder = serde.serializer();
        this.decoder = serde.deserializer();
    }

    /**
     * What to store for {@code hb}: {@code source}'s bytes if it was decoded from them, else its encoding (registered
     * under {@code changelogTopic}'s subject, as the store's serde did).
     */
    byte[] bytes(Heartbeat hb, HeartbeatBytes source, String changelogTopic) {
        return source != null ? source.wire() : encoder.serialize(changelogTopic, hb);
    }

    /** The heartbeat {@code stored} holds; null for null (none stored). */
    Heartbeat decode(byte[] stored, String changelogTopic) {
        return stored == null ? null : decoder.deserialize(changelogTopic, stored);
    }
}
