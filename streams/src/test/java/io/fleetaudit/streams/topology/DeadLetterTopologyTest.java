package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input is normal input: undecodable and invalid heartbeats become dead letters; processing goes on. */
class DeadLetterTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldDeadLetterGarbageWithProvenanceAndKeepProcessing() {
        t.declare(declaration().build());
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        t.pipeRawHeartbeatBytes("n1", garbage);
        t.beat(heartbeat("n2", t.now()));

        assertThat(t.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
            assertThat(dl.getPartition()).isZero();
            assertThat(dl.getOffset()).isZero();
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorClass()).isNotBlank();
            assertThat(dl.getValue().array()).isEqualTo(garbage);
            assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("n1");
            assertThat(dl.getApplication()).isEqualTo("detection-test");
        });
        assertThat(t.statusStore().get("n2")).isNotNull();
        assertThat(t.metrics.deadLetters("deserialization")).isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterAHeartbeatSpeakingForAnotherNode() {
        t.declare(declaration().build());
        t.beatRaw("n1", heartbeat("n2", t.now()).build(), t.now());
        assertThat(t.deadLetters).singleElement().satisfies((DeadLetter dl) -> {
            assertThat(dl.getStage()).isEqualTo("processing");
            assertThat(dl.getErrorClass()).endsWith("InvalidHeartbeatException");
            assertThat(dl.getErrorMessage()).contains("does not match nodeId");
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
        });
        assertThat(t.statusStore().get("n2")).isNull();
        assertThat(t.metrics.deadLetters("processing")).isEqualTo(1.0);
    }
}
