package io.fleetaudit.cli.exempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Exemption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExemptionPolicyTest {
    private static final Instant NOW = Instant.parse("2012-08-01T13:31:00Z");
    private final ExemptionPolicy policy = new ExemptionPolicy(ExemptionPolicy.DEFAULT_MAX_WINDOW);

    private static ExemptionPolicy.Request req(String reason, String until, List<String> rules) {
        return new ExemptionPolicy.Request("smars-8", reason, "INC-42", until, rules, "sre@example.com");
    }

    @Test
    void shouldGrantABoundedReasonedWindow() throws Exception {
        Exemption e = policy.grant("ex-1", req("  hotfix config for RLP outage ", "2h", List.of("CONFIG_DRIFT", "CONFIG_DRIFT")), NOW);
        assertThat(e.getId()).isEqualTo("ex-1");
        assertThat(e.getNodeId()).isEqualTo("smars-8");
        assertThat(e.getReason()).isEqualTo("hotfix config for RLP outage");
        assertThat(e.getTicket()).isEqualTo("INC-42");
        assertThat(e.getRules()).containsExactly("CONFIG_DRIFT");
        assertThat(e.getStartsAt()).isEqualTo(NOW);
        assertThat(e.getEndsAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(e.getEndedAt()).isNull();
    }

    @Test
    void shouldAcceptAnInstantAsTheEnd() throws Exception {
        Exemption e = policy.grant("ex-1", req("reboot after kernel patch", "2012-08-01T20:00:00Z", List.of()), NOW);
        assertThat(e.getEndsAt()).isEqualTo(Instant.parse("2012-08-01T20:00:00Z"));
    }

    @Test
    void shouldRefuseMissingOrBlankReason() {
        assertThatThrownBy(() -> policy.grant("x", req(null, "2h", List.of()), NOW)).isInstanceOf(ExemptionPolicy.Refused.class)
                .hasMessageContaining("--reason is required");
        assertThatThrownBy(() -> policy.grant("x", req("   ", "2h", List.of()), NOW)).hasMessageContaining("--reason is required");
        assertThatThrownBy(() -> policy.grant("x", req("fix", "2h", List.of()), NOW)).hasMessageContaining("too short");
    }

    @Test
    void shouldRefuseUnboundedOrTooLongWindows() {
        assertThatThrownBy(() -> policy.grant("x", req("hotfix for the outage", null, List.of()), NOW))
                .hasMessageContaining("--until is required").hasMessageContaining("without an end is refused");
        assertThatThrownBy(() -> policy.grant("x", req("hotfix for the outage", "25h", List.of()), NOW))
                .hasMessageContaining("1d1h away").hasMessageContaining("maximum break-glass window is 1d");
        assertThatThrownBy(() -> policy.grant("x", req("hotfix for the outage", "2012-08-01T13:00:00Z", List.of()), NOW))
                .hasMessageContaining("is not in the future");
        assertThatThrownBy(() -> policy.grant("x", req("hotfix for the outage", "soon", List.of()), NOW))
                .hasMessageContaining("is not a duration");
    }

    @Test
    void shouldHonourAConfiguredMaximum() throws Exception {
        ExemptionPolicy strict = new ExemptionPolicy(Duration.ofHours(1));
        assertThatThrownBy(() -> strict.grant("x", req("hotfix for the outage", "2h", List.of()), NOW)).hasMessageContaining("maximum break-glass window is 1h");
        ExemptionPolicy wide = new ExemptionPolicy(Duration.ofDays(3));
        assertThat(wide.grant("x", req("hotfix for the outage", "48h", List.of()), NOW).getEndsAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
    }

    @Test
    void shouldRefuseMalformedRulesAndNodes() {
        assertThatThrownBy(() -> policy.grant("x", req("hotfix for the outage", "2h", List.of("config drift")), NOW)).hasMessageContaining("is not a rule name");
        assertThatThrownBy(() -> policy.grant("x", new ExemptionPolicy.Request("bad node", "hotfix for the outage", null, "2h", List.of(), null), NOW))
                .hasMessageContaining("is not a node id");
    }

    @Test
    void shouldEndAnActiveExemptionOnlyOnce() throws Exception {
        Exemption e = policy.grant("ex-1", req("hotfix for the outage", "2h", List.of()), NOW);
        Exemption ended = ExemptionPolicy.end(e, NOW.plusSeconds(60));
        assertThat(ended.getEndedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(ended.getEndsAt()).isEqualTo(e.getEndsAt());
        assertThatThrownBy(() -> ExemptionPolicy.end(ended, NOW.plusSeconds(120))).hasMessageContaining("already ended");
        assertThatThrownBy(() -> ExemptionPolicy.end(e, NOW.plus(Duration.ofHours(3)))).hasMessageContaining("already expired");
    }
}
