package io.fleetaudit.cli.demo;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the demo's live fleet table. Input: the latest {@link NodeStatus} per node (as read from
 * {@code fleet.node-status.v1}) and the instant to measure "last seen" from. Output: a fixed-width
 * text table, one row per node sorted by node id, with state (and for how long), versions, flags and failing rules.
 */
public final class FleetTable {

  private static final String[] HEADER = {"NODE", "STATE", "SINCE", "VERSION", "FLAGS", "VIOLATIONS"};

  private FleetTable() {
  }

  public static String render(Collection<NodeStatus> statuses, Instant now) {
    List<NodeStatus> rows = new ArrayList<>(statuses);
    rows.sort(Comparator.comparing(NodeStatus::getNodeId, FleetTable::naturalOrder));
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (NodeStatus s : rows) {
      cells.add(new String[] {
          s.getNodeId(),
          s.getState().name(),
          ago(s.getStateSince(), now),
          versions(s.getArtifacts()),
          flags(s.getFlags()),
          violations(s.getViolations())});
    }
    int[] width = new int[HEADER.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  static String versions(List<Artifact> artifacts) {
    if (artifacts.isEmpty()) {
      return "-";
    }
    return artifacts.stream()
        .map(a -> a.getVersion() != null ? a.getVersion() : a.getDigest() != null ? shortDigest(a.getDigest()) : "?")
        .collect(Collectors.joining(","));
  }

  static String flags(Map<String, String> flags) {
    if (flags.isEmpty()) {
      return "-";
    }
    return new TreeMap<>(flags).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  static String violations(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "";
    }
    return violations.stream().map(v -> v.getExempted() ? v.getRule() + "(exempt)" : v.getRule())
        .distinct().collect(Collectors.joining(" "));
  }

  static String ago(Instant then, Instant now) {
    long ms = Math.max(0, Duration.between(then, now).toMillis());
    return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** smars-2 before smars-10: compare the trailing number when the prefixes match. */
  static int naturalOrder(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
      int c = Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  }
}
