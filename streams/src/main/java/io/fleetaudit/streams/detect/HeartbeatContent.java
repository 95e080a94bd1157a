package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import java.util.Objects;

/**
 * Compares heartbeats ignoring what changes on every beat (sentAt, sequence, signature), so the topology only
 * writes the heartbeat store and the audit log when something about the node really changed.
 */
public final class HeartbeatContent {
    private HeartbeatContent() {
    }

    /** Same node content: nothing but timing fields differ. */
    public static boolean same(Heartbeat a, Heartbeat b) {
        return !identityChanged(a, b) && Objects.equals(a.getBootId(), b.getBootId())
                && Objects.equals(a.getHostname(), b.getHostname()) && a.getLabels().equals(b.getLabels())
                && Objects.equals(a.getAgentVersion(), b.getAgentVersion()) && a.getIntervalMs() == b.getIntervalMs()
                && a.getStopping() == b.getStopping() && a.getConfigFilesOmitted() == b.getConfigFilesOmitted()
                && a.getService().equals(b.getService()) && a.getEnvironment().equals(b.getEnvironment());
    }

    /** What the audit log must snapshot (NODE_CHANGED): instance, artifacts, config or flags changed. */
    public static boolean identityChanged(Heartbeat a, Heartbeat b) {
        return !a.getInstanceId().equals(b.getInstanceId()) || !a.getArtifacts().equals(b.getArtifacts())
                || !Objects.equals(a.getConfigHash(), b.getConfigHash()) || !a.getConfigFiles().equals(b.getConfigFiles())
                || !a.getFlags().equals(b.getFlags());
    }

    public static String describeChange(Heartbeat prev, Heartbeat cur) {
        if (prev == null) {
            return "first seen";
        }
        StringBuilder sb = new StringBuilder("changed:");
        if (!prev.getInstanceId().equals(cur.getInstanceId())) {
            sb.append(" instance");
        }
        if (!prev.getArtifacts().equals(cur.getArtifacts())) {
            sb.append(" artifacts");
        }
        if (!Objects.equals(prev.getConfigHash(), cur.getConfigHash()) || !prev.getConfigFiles().equals(cur.getConfigFiles())) {
            sb.append(" config");
        }
        if (!prev.getFlags().equals(cur.getFlags())) {
            sb.append(" flags");
        }
        return sb.toString();
    }
}
