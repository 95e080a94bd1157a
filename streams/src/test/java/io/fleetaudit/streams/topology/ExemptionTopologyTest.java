package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.exemption;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Break-glass windows and EXEMPTION_EXPIRED. */
class ExemptionTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    private void startWindow(long seconds) {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.exempt(exemption("ex-1", "n1", t.now(), t.now().plusSeconds(seconds), "CONFIG_DRIFT").build());
        t.advance(Duration.ofSeconds(1));
    }

    @Test
    void shouldRecordButNotPageADeviationInsideTheWindow() {
        startWindow(60);
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hotfix").setSequence(2));
        assertThat(t.alerts).isEmpty();
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.EXEMPT);
        assertThat(t.statusStore().get("n1").getViolations()).singleElement()
                .satisfies(v -> assertThat(v.getExempted()).isTrue());
        assertThat(t.audit).extracting(AuditEvent::getType)
                .contains(AuditType.EXEMPTION_GRANTED, AuditType.DEVIATION_EXEMPTED);
    }

    @Test
    void shouldFireExemptionExpiredWhenTheWindowEndsUnreconciledAndResolveWhenReconciled() {
        startWindow(30);
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hotfix").setSequence(2));
        t.advance(Duration.ofSeconds(30));
        assertThat(t.alertLog()).containsExactlyInAnyOrder("FIRING CONFIG_DRIFT n1", "FIRING EXEMPTION_EXPIRED n1");
        assertThat(t.audit).extracting(AuditEvent::getType).contains(AuditType.EXEMPTION_ENDED);
        t.beat(heartbeat("n1", t.now()).setSequence(3));
        assertThat(t.alertLog()).containsExactlyInAnyOrder("FIRING CONFIG_DRIFT n1", "FIRING EXEMPTION_EXPIRED n1",
                "RESOLVED CONFIG_DRIFT n1", "RESOLVED EXEMPTION_EXPIRED n1");
        // Reconciled for good: a later drift pages as drift, not as an expired exemption.
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:again").setSequence(4));
        assertThat(t.alertLog()).endsWith("FIRING CONFIG_DRIFT n1");
        assertThat(t.alertLog()).filteredOn(s -> s.contains("EXEMPTION_EXPIRED")).hasSize(2);
    }

    @Test
    void shouldResolveAFiringAlertWhenAnExemptionIsGranted() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hotfix"));
        assertThat(t.alertLog()).containsExactly("FIRING CONFIG_DRIFT n1");
        t.exempt(exemption("ex-2", "n1", t.now(), t.now().plusSeconds(600)).build());
        t.advance(Duration.ofSeconds(1));
        assertThat(t.alertLog()).containsExactly("FIRING CONFIG_DRIFT n1", "RESOLVED CONFIG_DRIFT n1");
    }

    @Test
    void shouldNotFireExemptionExpiredWhenReconciledInTime() {
        startWindow(30);
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hotfix").setSequence(2));
        t.beat(heartbeat("n1", t.now()).setSequence(3));
        t.advance(Duration.ofSeconds(40));
        assertThat(t.alerts).isEmpty();
    }
}
