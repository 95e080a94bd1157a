package io.fleetaudit.cli.declare;

import io.fleetaudit.cli.fleetfile.DeclaredService;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * What {@code declare} would change: the declarations read from the compacted topic (current) against the
 * fleet file (desired). Provenance (gitCommit, author, declaredAt) is ignored, so re-declaring the same
 * content from a new commit is "unchanged" and publishes nothing. Services of the file's environments that the
 * file no longer lists are REMOVED when pruning, else KEPT (reported, left alone). Output: ordered entries with
 * per-field "old -> new" lines, and a text rendering.
 */
public final class DeclarationDiff {

    /** The fate of one declaration key. */
    public enum Kind { ADDED, CHANGED, UNCHANGED, REMOVED, KEPT }

    /** One key's change with human lines describing field differences. */
    public record Entry(Kind kind, String key, List<String> changes, Declaration desired) {
    }

    private static final Set<String> PROVENANCE = Set.of("gitCommit", "author", "declaredAt");

    private final List<Entry> entries;

    private DeclarationDiff(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Compares {@code current} (key to declaration) with the file's services. */
    public static DeclarationDiff compute(Map<String, Declaration> current, List<DeclaredService> desired, boolean prune) {
        List<Entry> out = new ArrayList<>();
        Map<String, DeclaredService> wanted = new TreeMap<>();
        desired.forEach(d -> wanted.put(d.key(), d));
        Set<String> environments = desired.stream().map(d -> d.template().getEnvironment()).collect(Collectors.toSet());
        Set<String> keys = new TreeSet<>(wanted.keySet());
        current.keySet().stream().filter(k -> environments.contains(environmentOf(k))).forEach(keys::add);
        for (String key : keys) {
            Declaration now = current.get(key);
            DeclaredService want = wanted.get(key);
            if (want == null) {
                out.add(new Entry(prune ? Kind.REMOVED : Kind.KEPT, key, List.of(), null));
            } else if (now == null) {
                out.add(new Entry(Kind.ADDED, key, describe(want.template()), want.template()));
            } else {
                List<String> changes = fieldChanges(now, want.template());
                out.add(new Entry(changes.isEmpty() ? Kind.UNCHANGED : Kind.CHANGED, key, changes, want.template()));
            }
        }
        return new DeclarationDiff(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** True when publishing would write anything (added, changed or removed keys). */
    public boolean hasChanges() {
        return entries.stream().anyMatch(e -> e.kind() == Kind.ADDED || e.kind() == Kind.CHANGED || e.kind() == Kind.REMOVED);
    }

    public long count(Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).count();
    }

    /** A unified-diff-like rendering: {@code + added}, {@code ~ changed} with field lines, {@code - removed}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            switch (e.kind()) {
                case ADDED -> sb.append("+ ").append(e.key()).append(" (new)\n");
                case CHANGED -> sb.append("~ ").append(e.key()).append('\n');
                case UNCHANGED -> sb.append("= ").append(e.key()).append(" (unchanged)\n");
                case REMOVED -> sb.append("- ").append(e.key()).append(" (removed: tombstone)\n");
                case KEPT -> sb.append("! ").append(e.key()).append(" (no longer in the file; kept, use --prune to remove)\n");
            }
            for (String c : e.changes()) {
                sb.append("    ").append(c).append('\n');
            }
        }
        sb.append(String.format("%d to add, %d to change, %d to remove, %d unchanged%s%n", count(Kind.ADDED), count(Kind.CHANGED),
                count(Kind.REMOVED), count(Kind.UNCHANGED), count(Kind.KEPT) > 0 ? ", " + count(Kind.KEPT) + " kept (not in file)" : ""));
        return sb.toString();
    }

    static List<String> fieldChanges(Declaration before, Declaration after) {
        List<String> out = new ArrayList<>();
        for (Schema.Field f : Declaration.getClassSchema().getFields()) {
            if (PROVENANCE.contains(f.name())) {
                continue;
            }
            Object a = before.get(f.pos());
            Object b = after.get(f.pos());
            if (!Objects.equals(a, b)) {
                out.add(f.name() + ": " + render(f.name(), a) + " -> " + render(f.name(), b));
            }
        }
        return out;
    }

    private static List<String> describe(Declaration d) {
        List<String> out = new ArrayList<>();
        out.add("artifacts: " + render("artifacts", d.getArtifacts()));
        if (d.getRollout() != null) {
            out.add("rollout: " + render("rollout", d.getRollout()));
        }
        if (!d.getFlags().isEmpty()) {
            out.add("flags: " + render("flags", d.getFlags()));
        }
        if (d.getExpectedNodes() != null || !d.getExpectedNodeIds().isEmpty()) {
            out.add("expectedNodes: " + (d.getExpectedNodes() != null ? d.getExpectedNodes() : d.getExpectedNodeIds().size()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String render(String field, Object v) {
        if (v == null) {
            return "(none)";
        }
        return switch (field) {
            case "artifacts" -> artifacts((List<Artifact>) v);
            case "rollout" -> {
                Rollout r = (Rollout) v;
                yield "previous " + artifacts(r.getPrevious()) + " until " + r.getDeadline() + (r.getCanaries().isEmpty() ? "" : ", canaries " + r.getCanaries());
            }
            case "flags" -> ((List<DeclaredFlag>) v).stream()
                    .map(f -> f.getName() + "=" + f.getValue() + (f.getOwner() == null ? "" : " (owner " + f.getOwner() + ")")
                            + (f.getExpiresAt() == null ? "" : " expires " + f.getExpiresAt()))
                    .collect(Collectors.joining(", ", "[", "]"));
            case "configHash" -> shortDigest(v.toString());
            default -> v.toString();
        };
    }

    private static String artifacts(List<Artifact> list) {
        return list.stream().map(a -> a.getName() + (a.getVersion() == null ? "" : " " + a.getVersion()) + " (" + shortDigest(a.getDigest()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code sha256:7fb498e92dc7…}: enough to tell digests apart in a diff. */
    static String shortDigest(String d) {
        if (d == null) {
            return "(none)";
        }
        int colon = d.lastIndexOf(':');
        return colon >= 0 && d.length() > colon + 13 ? d.substring(0, colon + 13) + "…" : d;
    }

    private static String environmentOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
