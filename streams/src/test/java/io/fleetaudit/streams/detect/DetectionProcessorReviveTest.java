package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.StreamsMetrics;
import io.fleetaudit.streams.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a task by closing and re-initialising the same processor instance, with its stores rolled
 * back to the last commit (an aborted exactly-once transaction). Nothing the processor remembered in memory may
 * survive that: here an alert fired in the aborted attempt must fire again when the records are re-processed.
 */
class DetectionProcessorReviveTest {
    private final MutableClock clock = new MutableClock(T0);
    private final MockProcessorContext<String, DetectionOutput> ctx = new MockProcessorContext<>();
    // The mock context names every store's changelog "changelog": one registry scope per store keeps the subjects apart.
    private final List<KeyValueStore<String, ?>> stores = List.of(
            store(StoreNames.NODE_STATUS, catalogue().nodeStatus().valueSerde()),
            store(StoreNames.ALERTS, catalogue().alerts().valueSerde()),
            store(StoreNames.DECLARATIONS, catalogue().declarations().valueSerde()),
            store(StoreNames.HEARTBEATS, Serdes.ByteArray()),
            store(StoreNames.EXEMPTION_PHASES, Serdes.String()),
            store(StoreNames.EXEMPTIONS, catalogue().exemptions().valueSerde()));
    private final StoredHeartbeats storedHeartbeats = new StoredHeartbeats(catalogue().heartbeats().valueSerde());

    private static TopicCatalogue catalogue() {
        return TopicCatalogue.from(Map.of("schema.registry.url", "mock://revive-" + UUID.randomUUID()));
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                serde).withLoggingDisabled().build();
        s.init(ctx.getStateStoreContext(), s);
        ctx.addStateStore(s);
        return s;
    }

    private List<String> firedAlerts() {
        return ctx.forwarded().stream().map(f -> f.record().value())
                .filter(o -> o.kind() == DetectionOutput.Kind.ALERT).map(o -> (Alert) o.value())
                .filter(a -> a.getStatus() == AlertStatus.FIRING).map(a -> a.getLabels().get("rule")).toList();
    }

    private void play(DetectionProcessor p) {
        p.process(new Record<>("prod/smars", new DeclarationChange("prod/smars", declaration().build()),
                T0.toEpochMilli()));
        Heartbeat straggler = heartbeat("smars-8", T0).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).build();
        p.process(new Record<>("prod/smars", straggler, T0.toEpochMilli()));
    }

    private DetectionProcessor started() {
        DetectionProcessor p = new DetectionProcessor(clock, DetectionSettings.defaults(),
                new StreamsMetrics(new SimpleMeterRegistry()), DeclarationSnapshot.empty(),
                storedHeartbeats);
        p.init(ctx);
        return p;
    }

    private List<String> auditSummaries() {
        return ctx.forwarded().stream().map(f -> f.record().value())
                .filter(o -> o.kind() == DetectionOutput.Kind.AUDIT).map(o -> ((AuditEvent) o.value()).getSummary()).toList();
    }

    /**
     * A node's first heartbeat skips the node-status-store read when the node is not indexed in memory; that is only
     * right because init indexes every stored status. After a restart (stores kept, a new processor), a stored node's
     * next heartbeat must still find its status: no "NEW ->" transition, no second first-seen.
     */
    @Test
    void shouldFindStatusesStoredBeforeARestart() {
        DetectionProcessor before = started();
        play(before);
        assertThat(auditSummaries()).contains("smars-8 NEW -> DRIFTED");
        before.close();
        ctx.resetForwards();

        DetectionProcessor after = started();
        after.process(new Record<>("prod/smars", heartbeat("smars-8", T0.plusSeconds(10)).setSequence(2)
                .setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).build(), T0.plusSeconds(10).toEpochMilli()));
        after.process(new Record<>("prod/smars", heartbeat("smars-1", T0.plusSeconds(10)).build(),
                T0.plusSeconds(10).toEpochMilli()));
        assertThat(auditSummaries()).as("smars-8 is known from its stored status, smars-1 is new")
                .containsExactly("smars-1 first seen", "smars-1 NEW -> OK");
        assertThat(firedAlerts()).isEmpty();
        assertThat(stores.get(0).get("smars-8")).extracting("firstSeen").isEqualTo(T0);
    }

    @Test
    void shouldFireAgainAfterTheStoresWereRolledBack() {
        DetectionProcessor p = started();
        play(p);
        assertThat(firedAlerts()).containsExactly("ARTIFACT_DRIFT");

        // The transaction aborts: the task is closed dirty, its stores go back to the last commit (empty here) ...
        p.close();
        stores.forEach(s -> {
            @SuppressWarnings("unchecked")
            KeyValueStore<String, Object> all = (KeyValueStore<String, Object>) s;
            try (var it = all.all()) {
                it.forEachRemaining(kv -> all.delete(kv.key));
            }
        });
        ctx.resetForwards();
        // ... and revived: the same instance is initialised again and the records are processed again.
        p.init(ctx);
        play(p);
        assertThat(firedAlerts()).as("the alert of the aborted attempt must be emitted again").containsExactly("ARTIFACT_DRIFT");
    }
}
