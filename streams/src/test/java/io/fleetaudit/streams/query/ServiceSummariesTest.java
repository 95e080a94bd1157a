package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.Rollout;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSummariesTest {
    private static final Instant T = Instant.parse("2012-08-01T13:31:00Z");
    private static final String NEW = "sha256:new";
    private static final String OLD = "sha256:old";
    private static final String ROGUE = "sha256:rogue";

    private static NodeStatus node(String id, String service, NodeState state, String digest) {
        return NodeStatus.newBuilder().setNodeId(id).setService(service).setEnvironment("prod").setState(state)
                .setArtifacts(List.of(Artifact.newBuilder().setName(service).setVersion(digest.substring(7)).setDigest(digest).build()))
                .setFirstSeen(T).setLastSeen(T).setStateSince(T).setUpdatedAt(T).build();
    }

    private static Declaration declaration() {
        return Declaration.newBuilder().setService("smars").setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setDigest(NEW).build()))
                .setRollout(Rollout.newBuilder().setPrevious(List.of(Artifact.newBuilder().setName("smars").setDigest(OLD).build())).setDeadline(T).build())
                .setGitCommit("abc").setDeclaredAt(T).build();
    }

    @Test
    void shouldCountStatesAndClassifyRunningVersionsAcrossInstances() {
        ServiceSummaries local = new ServiceSummaries(null, null);
        local.addLocal(List.of(node("smars-1", "smars", NodeState.OK, NEW), node("smars-2", "smars", NodeState.OK, OLD)), List.of(declaration()));
        // What another instance answers with scope=local, in the same JSON shape.
        ServiceSummaries other = new ServiceSummaries(null, null);
        other.addLocal(List.of(node("smars-8", "smars", NodeState.DRIFTED, ROGUE), node("web-1", "web", NodeState.UNDECLARED, NEW)), List.of());
        local.addRemote(other.toJson(false));

        ArrayNode out = local.toJson(true);
        assertThat(out).hasSize(2);
        JsonNode smars = out.get(0);
        assertThat(smars.path("service").asText()).isEqualTo("smars");
        assertThat(smars.path("nodes").asInt()).isEqualTo(3);
        assertThat(smars.path("states").path("OK").asInt()).isEqualTo(2);
        assertThat(smars.path("states").path("DRIFTED").asInt()).isEqualTo(1);
        assertThat(smars.path("declared").path("gitCommit").asText()).isEqualTo("abc");
        assertThat(smars.path("running")).extracting(r -> r.path("digest").asText() + "=" + r.path("matches").asText())
                .containsExactlyInAnyOrder(NEW + "=declared", OLD + "=previous", ROGUE + "=undeclared");
        JsonNode web = out.get(1);
        assertThat(web.path("declared").isNull()).isTrue();
        assertThat(web.path("running").get(0).path("matches").asText()).isEqualTo("no-declaration");
    }

    @Test
    void shouldFilterByServiceAndEnvironment() {
        ServiceSummaries s = new ServiceSummaries("web", "prod");
        s.addLocal(List.of(node("smars-1", "smars", NodeState.OK, NEW), node("web-1", "web", NodeState.OK, NEW)), List.of(declaration()));
        assertThat(s.toJson(true)).singleElement().satisfies(j -> assertThat(j.path("service").asText()).isEqualTo("web"));
    }
}
