package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NODE_MISSING, judged by the partition's heartbeat watermark (no false storm), see DESIGN.md. */
class NodeMissingTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    /** n1 goes silent while n2 keeps beating every 10 s. */
    private void runSilentN1(int beats) {
        for (int i = 1; i <= beats; i++) {
            t.advance(Duration.ofSeconds(10));
            t.beat(heartbeat("n2", t.now()).setSequence(i + 1));
        }
    }

    @Test
    void shouldFireAfterMissedIntervalsAndResolveOnTheNextHeartbeat() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        runSilentN1(3);
        assertThat(t.alerts).isEmpty();
        runSilentN1(1);
        t.advance(Duration.ofSeconds(1)); // the punctuator judges once the watermark passed the threshold
        assertThat(t.alertLog()).containsExactly("FIRING NODE_MISSING n1");
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.MISSING);
        t.beat(heartbeat("n1", t.now()).setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING NODE_MISSING n1", "RESOLVED NODE_MISSING n1");
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
    }

    /**
     * The punctuator skips its scan until the earliest deadline the last scan saw; a node that joins afterwards with a
     * shorter threshold (here undeclared, 3 x its 1 s interval, against 30 s) must be judged by its own deadline.
     */
    @Test
    void shouldJudgeANodeThatJoinedAfterTheLastScanByItsOwnDeadline() {
        t.declare(declaration().build());
        for (int i = 1; i <= 7; i++) { // past the start-up settle time, with scans that see only n1 (deadline +30 s)
            t.beat(heartbeat("n1", t.now()).setSequence(i));
            t.advance(Duration.ofSeconds(2));
        }
        t.beat(heartbeat("x1", t.now()).setService("other").setIntervalMs(1_000));
        for (int i = 8; i <= 13; i++) {
            t.advance(Duration.ofSeconds(1));
            t.beat(heartbeat("n1", t.now()).setSequence(i));
        }
        t.advance(Duration.ofSeconds(1));
        assertThat(t.alertLog()).contains("FIRING NODE_MISSING x1");
        assertThat(t.statusStore().get("x1").getState()).isEqualTo(NodeState.MISSING);
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
    }

    @Test
    void shouldNotDeclareAStoppedNodeMissing() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()).setStopping(true));
        t.beat(heartbeat("n2", t.now()));
        runSilentN1(10);
        assertThat(t.alerts).isEmpty();
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.STOPPED);
    }

    @Test
    void shouldRaiseNoStormWhenThePipelineWasSilentAndThenReplaysTheBacklog() {
        t.declare(declaration().build());
        for (int n = 1; n <= 5; n++) {
            t.beat(heartbeat("n" + n, t.now()));
        }
        // Pipeline outage: nothing arrives for 90 s of wall clock (less than the idle fallback of 2 min).
        t.advance(Duration.ofSeconds(90));
        assertThat(t.alerts).isEmpty();
        // The backlog arrives: heartbeats sent every 10 s during the outage, in partition order.
        for (int s = 10; s <= 90; s += 10) {
            for (int n = 1; n <= 5; n++) {
                var hb = heartbeat("n" + n, t.now().minusSeconds(90 - s)).setSequence(s).build();
                t.beatRaw(hb.getNodeId(), hb, hb.getSentAt());
            }
            t.advance(Duration.ofMillis(100));
        }
        assertThat(t.alerts).isEmpty();
        assertThat(t.statuses).noneMatch(st -> st.getState() == NodeState.MISSING);
    }

    @Test
    void shouldRaiseNoStormWhenOnePartitionsBacklogIsReplayedBeforeAnothers() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        t.advance(Duration.ofSeconds(60)); // the app (or pipeline) was down; both nodes kept beating
        Instant down = t.now().minusSeconds(60);
        // n1's source partition is replayed completely first, then n2's (two upstream tasks).
        for (String node : new String[] {"n1", "n2"}) {
            for (int s = 10; s <= 60; s += 10) {
                var hb = heartbeat(node, down.plusSeconds(s)).setSequence(s).build();
                t.beatRaw(node, hb, hb.getSentAt());
                t.advance(Duration.ofMillis(200));
            }
        }
        t.advance(Duration.ofSeconds(15));
        assertThat(t.alerts).isEmpty();
        assertThat(t.statuses).noneMatch(st -> st.getState() == NodeState.MISSING);
    }

    @Test
    void shouldStillReportAWholePartitionGoingSilentAfterTheIdleFallback() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.advance(Duration.ofSeconds(100));
        assertThat(t.alerts).isEmpty();
        t.advance(Duration.ofSeconds(60));
        assertThat(t.alertLog()).containsExactly("FIRING NODE_MISSING n1");
    }

    @Test
    void shouldNotLetANodeWithAFastClockMakeOthersMissing() {
        t.declare(declaration().build());
        for (int i = 1; i <= 6; i++) {
            t.beat(heartbeat("n1", t.now()).setSequence(i));
            // n2's clock is one hour ahead: its event time is bounded by its record time and never passes now.
            var liar = heartbeat("n2", t.now().plus(Duration.ofHours(1))).setSequence(i).build();
            t.beatRaw("n2", liar, t.now());
            assertThat(t.statusStore().get("n2").getLastSeen()).isBeforeOrEqualTo(t.now());
            t.advance(Duration.ofSeconds(10));
        }
        assertThat(t.alerts).isEmpty();
        assertThat(t.statuses).filteredOn(st -> st.getNodeId().equals("n2"))
                .allSatisfy(st -> assertThat(st.getLastSeen()).isBeforeOrEqualTo(st.getUpdatedAt()));
    }
}
