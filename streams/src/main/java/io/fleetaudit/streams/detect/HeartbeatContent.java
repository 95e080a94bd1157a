package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

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
        return !a.getInstanceId().equals(b.getInstanceId()) || !sameRecords(a.getArtifacts(), b.getArtifacts())
                || !Objects.equals(a.getConfigHash(), b.getConfigHash()) || !sameRecords(a.getConfigFiles(), b.getConfigFiles())
                || !a.getFlags().equals(b.getFlags());
    }

    /**
     * Lists of generated records compared field by field ({@code get(int)} and equals on each value): what Avro's own
     * equals means, without its cost. A generated record's equals goes through {@code SpecificData.compare}, which walks
     * the schema and resolves the union of every nullable field; that was most of the steady-state fast path's time.
     */
    static boolean sameRecords(List<? extends SpecificRecord> a, List<? extends SpecificRecord> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            SpecificRecord x = a.get(i);
            SpecificRecord y = b.get(i);
            if (x.getClass() != y.getClass()) {
                return false;
            }
            for (int f = x.getSchema().getFields().size() - 1; f >= 0; f--) {
                if (!Objects.equals(x.get(f), y.get(f))) {
                    return false;
                }
            }
        }
        return true;
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
