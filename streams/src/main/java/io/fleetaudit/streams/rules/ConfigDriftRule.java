package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * CONFIG_DRIFT: the node's config hash differs from the declared one, or a declared per-file hash differs.
 * The violation names the files that differ (changed, missing or unreadable) when per-file hashes are declared.
 */
public final class ConfigDriftRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.CONFIG_DRIFT;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || (declaration.getConfigHash() == null && declaration.getConfigFiles().isEmpty())) {
            return List.of();
        }
        Heartbeat hb = node.current();
        TreeSet<String> differing = differingFiles(declaration.getConfigFiles(), hb);
        boolean hashDiffers = declaration.getConfigHash() != null
                && !Objects.equals(declaration.getConfigHash(), hb.getConfigHash());
        if (!hashDiffers && differing.isEmpty()) {
            return List.of();
        }
        String files = differing.isEmpty() ? "" : " files: " + String.join(", ", differing);
        return List.of(NodeRule.violation(id(), hb.getNodeId() + " config differs from declaration" + files,
                declaration.getConfigHash(), hb.getConfigHash() + files));
    }

    /** Declared files whose reported hash differs, is missing or unreadable, sorted by path. */
    static TreeSet<String> differingFiles(Map<String, String> declared, Heartbeat hb) {
        Map<String, ConfigFile> reported = new TreeMap<>();
        for (ConfigFile f : hb.getConfigFiles()) {
            reported.put(f.getPath(), f);
        }
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, String> e : declared.entrySet()) {
            ConfigFile f = reported.get(e.getKey());
            if (f == null) {
                // The agent caps configFiles; an omitted file is unknown, not different.
                if (hb.getConfigFilesOmitted() == 0) {
                    out.add(e.getKey() + " (missing)");
                }
            } else if (f.getSha256() == null) {
                out.add(e.getKey() + " (unreadable)");
            } else if (!f.getSha256().equals(e.getValue())) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
