package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    @Test
    void shouldRenderRecordsAsPlainJsonWithIsoInstantsAndEnumNames() {
        Instant t = Instant.parse("2012-08-01T13:31:00Z");
        NodeStatus s = NodeStatus.newBuilder().setNodeId("smars-8").setService("smars").setEnvironment("prod").setState(NodeState.DRIFTED)
                .setViolations(List.of(Violation.newBuilder().setRule("ARTIFACT_DRIFT").setMessage("old").setExpected("a").setActual("b").build()))
                .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setVersion(null).setDigest("sha256:x").build()))
                .setFlags(Map.of("z", "1", "a", "2")).setFirstSeen(t).setLastSeen(t).setStateSince(t).setUpdatedAt(t).build();
        JsonNode j = AvroJson.toJson(s);
        assertThat(j.path("state").asText()).isEqualTo("DRIFTED");
        assertThat(j.path("lastSeen").asText()).isEqualTo("2012-08-01T13:31:00Z");
        assertThat(j.path("declaredAt").isNull()).isTrue();
        assertThat(j.path("violations").get(0).path("rule").asText()).isEqualTo("ARTIFACT_DRIFT");
        assertThat(j.path("violations").get(0).path("exempted").asBoolean(true)).isFalse();
        assertThat(j.path("artifacts").get(0).path("version").isNull()).isTrue();
        assertThat(j.path("lastSequence").asLong()).isZero();
        List<String> flagOrder = new java.util.ArrayList<>();
        j.path("flags").fieldNames().forEachRemaining(flagOrder::add);
        assertThat(flagOrder).containsExactly("a", "z");
    }
}
