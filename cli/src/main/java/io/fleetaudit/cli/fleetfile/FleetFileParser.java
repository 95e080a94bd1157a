package io.fleetaudit.cli.fleetfile;

import io.fleetaudit.cli.time.TimeParser;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Rollout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and strictly validates a fleet file (the versioned YAML in Git that declares what each service
 * runs per environment; format in docs/CLI.md and docs/fleet.schema.json). Input: file name + YAML text and
 * a clock (deadlines in the past are errors). Output: a {@link FleetFile} with one {@link DeclaredService}
 * per entry and every {@link Problem} found, each with file, line and a fix hint; it never throws on bad input.
 */
public final class FleetFileParser {
    public static final int SUPPORTED_VERSION = 1;

    static final List<String> TOP_KEYS = List.of("version", "services");
    static final List<String> SERVICE_KEYS = List.of("name", "environment", "artifacts", "rollout", "configHash",
            "configFiles", "flags", "checkFlags", "expectedNodes", "expectedNodeIds", "heartbeatInterval",
            "missedIntervals", "immutable", "runbookUrl");
    static final List<String> ARTIFACT_KEYS = List.of("name", "version", "digest");
    static final List<String> ROLLOUT_KEYS = List.of("previous", "deadline", "canaries");
    static final List<String> FLAG_KEYS = List.of("name", "value", "owner", "expiresAt");
    private static final Set<String> PROVENANCE_KEYS = Set.of("gitCommit", "author", "declaredAt");

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");
    private static final Pattern FLAG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,252}");

    private final Clock clock;

    public FleetFileParser(Clock clock) {
        this.clock = clock;
    }

    /** Reads {@code path} (UTF-8) and validates it; problems name the path as given. */
    public FleetFile parse(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Validates YAML {@code text}; {@code file} is only used in problem locations. */
    public FleetFile parse(String file, String text) {
        List<Problem> problems = new ArrayList<>();
        YamlNode root = new YamlReader(file, problems).read(text);
        List<DeclaredService> services = new ArrayList<>();
        if (root != null) {
            new Run(file, problems, clock.instant()).top(root, services);
        }
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return new FleetFile(file, List.copyOf(services), List.copyOf(problems));
    }

    /** One validation pass; collects problems instead of stopping at the first. */
    private static final class Run {
        private final String file;
        private final List<Problem> problems;
        private final Instant now;

        Run(String file, List<Problem> problems, Instant now) {
            this.file = file;
            this.problems = problems;
            this.now = now;
        }

        void top(YamlNode root, List<DeclaredService> out) {
            if (!expect(root, YamlNode.Kind.MAPPING, "the file", "start with 'version: 1' and a 'services:' list")) {
                return;
            }
            checkKeys(root, TOP_KEYS, "at the top level");
            YamlNode version = root.get("version");
            if (version == null) {
                error(root.line(), root.column(), "missing 'version'", "add 'version: " + SUPPORTED_VERSION + "' as the first line");
            } else if (version.kind() != YamlNode.Kind.NUMBER || !String.valueOf(SUPPORTED_VERSION).equals(version.text())) {
                error(version, "unsupported version '" + version.text() + "'", "this fleet-audit reads 'version: " + SUPPORTED_VERSION + "'");
            }
            YamlNode services = root.get("services");
            if (services == null) {
                error(root.line(), root.column(), "missing 'services'", "add a 'services:' list with one entry per service and environment");
                return;
            }
            if (!expect(services, YamlNode.Kind.SEQUENCE, "'services'", "write 'services:' followed by '- name: ...' entries")) {
                return;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (YamlNode s : services.items()) {
                DeclaredService d = service(s);
                if (d == null) {
                    continue;
                }
                Integer first = seen.putIfAbsent(d.key(), d.line());
                if (first != null) {
                    error(s.keyLine("name"), s.keyColumn("name"), "duplicate service '" + d.key() + "' (first declared at line " + first + ")",
                            "keep one entry per service and environment: merge the two, or fix the 'environment' of one");
                    continue;
                }
                out.add(d);
            }
        }

        private DeclaredService service(YamlNode s) {
            if (!expect(s, YamlNode.Kind.MAPPING, "a service entry", "each entry starts with '- name: <service>'")) {
                return null;
            }
            checkKeys(s, SERVICE_KEYS, "in service");
            String name = name(s, "name", "service");
            String env = name(s, "environment", "environment");
            Declaration.Builder b = Declaration.newBuilder().setDeclaredAt(Instant.EPOCH);
            b.setService(name == null ? "" : name).setEnvironment(env == null ? "" : env);

            List<Artifact> artifacts = artifacts(s, "artifacts", true);
            b.setArtifacts(artifacts);
            YamlNode cfgHash = s.get("configHash");
            if (cfgHash != null && scalarString(cfgHash, "configHash")) {
                String why = Digests.checkSha256(cfgHash.text());
                if (why != null) {
                    error(cfgHash, "configHash '" + cfgHash.text() + "' " + why,
                            "write sha256:<64 lowercase hex> as the agent reports it (see configHash in fleet-audit status --json)");
                } else {
                    b.setConfigHash(cfgHash.text());
                }
            }
            b.setConfigFiles(configFiles(s.get("configFiles")));
            b.setFlags(flags(s.get("flags")));
            Boolean checkFlags = bool(s, "checkFlags");
            if (checkFlags != null) {
                b.setCheckFlags(checkFlags);
            }
            Boolean immutable = bool(s, "immutable");
            if (immutable != null) {
                b.setImmutable(immutable);
            }
            List<String> ids = nodeIds(s.get("expectedNodeIds"), "expectedNodeIds");
            b.setExpectedNodeIds(ids);
            YamlNode count = s.get("expectedNodes");
            if (count != null) {
                Integer n = positiveInt(count, "expectedNodes");
                if (n != null && n < ids.size()) {
                    error(count, "expectedNodes is " + n + " but expectedNodeIds lists " + ids.size() + " nodes",
                            "set expectedNodes to at least " + ids.size() + ", or drop it (the list alone is enough)");
                }
                b.setExpectedNodes(n);
            }
            YamlNode interval = s.get("heartbeatInterval");
            if (interval != null) {
                Duration d = duration(interval, "heartbeatInterval");
                if (d != null) {
                    b.setHeartbeatIntervalMs(d.toMillis());
                }
            }
            YamlNode missed = s.get("missedIntervals");
            if (missed != null) {
                Integer m = positiveInt(missed, "missedIntervals");
                if (m != null) {
                    b.setMissedIntervals(m);
                }
            }
            YamlNode runbook = s.get("runbookUrl");
            if (runbook != null && scalarString(runbook, "runbookUrl")) {
                if (!runbook.text().startsWith("https://") && !runbook.text().startsWith("http://")) {
                    error(runbook, "runbookUrl '" + runbook.text() + "' is not an http(s) URL", "write the full link, e.g. https://wiki.example.com/runbooks/smars");
                } else {
                    b.setRunbookUrl(runbook.text());
                }
            }
            YamlNode rollout = s.get("rollout");
            if (rollout != null) {
                b.setRollout(rollout(rollout, artifacts, ids));
            }
            if (name == null || env == null) {
                return null;
            }
            return new DeclaredService(DeclaredService.key(env, name), s.line(), b.build());
        }

        private Rollout rollout(YamlNode r, List<Artifact> current, List<String> ids) {
            if (!expect(r, YamlNode.Kind.MAPPING, "'rollout'", "write rollout: with 'previous', 'deadline' and optional 'canaries'")) {
                return null;
            }
            checkKeys(r, ROLLOUT_KEYS, "in rollout");
            List<Artifact> previous = artifacts(r, "previous", true);
            Map<String, String> currentDigests = new HashMap<>();
            current.forEach(a -> currentDigests.put(a.getName(), a.getDigest()));
            YamlNode prevNode = r.get("previous");
            for (int i = 0; i < previous.size(); i++) {
                Artifact p = previous.get(i);
                if (p.getDigest() != null && p.getDigest().equals(currentDigests.get(p.getName()))) {
                    YamlNode at = prevNode.items().size() > i ? prevNode.items().get(i) : prevNode;
                    error(at, "rollout.previous artifact '" + p.getName() + "' has the same digest as the declared one",
                            "previous must be the version being replaced; remove the rollout block if nothing is rolling out");
                }
            }
            Instant deadline = null;
            YamlNode dl = r.get("deadline");
            if (dl == null) {
                error(r.line(), r.column(), "rollout has no 'deadline'",
                        "add 'deadline: <ISO instant>' after which the previous version counts as drift");
            } else {
                deadline = instant(dl, "rollout.deadline");
                if (deadline != null && !deadline.isAfter(now)) {
                    error(dl, "rollout.deadline " + deadline + " is in the past (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")",
                            "move the deadline into the future, or remove the rollout block once every node runs the new artifacts");
                    deadline = null;
                }
            }
            List<String> canaries = nodeIds(r.get("canaries"), "rollout.canaries");
            if (!ids.isEmpty()) {
                YamlNode cn = r.get("canaries");
                for (int i = 0; i < canaries.size(); i++) {
                    if (!ids.contains(canaries.get(i))) {
                        error(cn.items().get(i), "canary '" + canaries.get(i) + "' is not in expectedNodeIds",
                                "add it to expectedNodeIds or fix the node id (expected one of " + ids + ")");
                    }
                }
            }
            if (deadline == null) {
                return null;
            }
            return Rollout.newBuilder().setPrevious(previous).setDeadline(deadline).setCanaries(canaries).build();
        }

        private List<Artifact> artifacts(YamlNode parent, String key, boolean required) {
            YamlNode list = parent.get(key);
            List<Artifact> out = new ArrayList<>();
            if (list == null) {
                if (required) {
                    error(parent.line(), parent.column(), "missing '" + key + "'",
                            "add '" + key + ":' with at least one '- name: <artifact>' and 'digest: sha256:<64 hex>'");
                }
                return out;
            }
            if (!expect(list, YamlNode.Kind.SEQUENCE, "'" + key + "'", "write a list: '- name: smars' / '  digest: sha256:...'")) {
                return out;
            }
            if (list.items().isEmpty() && required) {
                error(list, "'" + key + "' is empty", "declare at least one artifact by digest");
            }
            Set<String> names = new HashSet<>();
            for (YamlNode a : list.items()) {
                if (!expect(a, YamlNode.Kind.MAPPING, "an artifact", "each artifact has 'name', 'digest' and optional 'version'")) {
                    continue;
                }
                checkKeys(a, ARTIFACT_KEYS, "in artifact");
                String name = requiredString(a, "name", "artifact", "the logical name the agent reports, e.g. 'smars'");
                String version = optionalString(a, "version");
                String digest = requiredString(a, "digest", "artifact", "the artifact's content digest: " + Digests.FORMS);
                YamlNode dn = a.get("digest");
                if (digest != null) {
                    String why = Digests.checkArtifactDigest(digest);
                    if (why != null) {
                        error(dn, "digest '" + digest + "' " + why, "write " + Digests.FORMS + " (e.g. from 'sha256sum' or 'docker inspect --format {{.RepoDigests}}')");
                        digest = null;
                    }
                }
                if (name != null && !names.add(name)) {
                    error(a.get("name"), "artifact '" + name + "' is listed twice in '" + key + "'", "keep one entry per artifact name");
                }
                if (name != null && digest != null) {
                    out.add(Artifact.newBuilder().setName(name).setVersion(version).setDigest(digest).setError(null).build());
                }
            }
            return out;
        }

        private Map<String, String> configFiles(YamlNode files) {
            Map<String, String> out = new TreeMap<>();
            if (files == null || !expect(files, YamlNode.Kind.MAPPING, "'configFiles'", "write 'configFiles:' then '  /etc/app/app.conf: sha256:<64 hex>'")) {
                return out;
            }
            for (Map.Entry<String, YamlNode> e : files.entries().entrySet()) {
                if (!e.getKey().startsWith("/")) {
                    error(files.keyLine(e.getKey()), files.keyColumn(e.getKey()), "config file path '" + e.getKey() + "' is not absolute",
                            "use the absolute path the agent watches, e.g. /etc/smars/smars.conf");
                }
                YamlNode v = e.getValue();
                if (!scalarString(v, "configFiles['" + e.getKey() + "']")) {
                    continue;
                }
                String why = Digests.checkSha256(v.text());
                if (why != null) {
                    error(v, "hash of '" + e.getKey() + "' ('" + v.text() + "') " + why, "write sha256:<64 lowercase hex> of the file content (sha256sum)");
                    continue;
                }
                out.put(e.getKey(), v.text());
            }
            return out;
        }

        private List<DeclaredFlag> flags(YamlNode list) {
            List<DeclaredFlag> out = new ArrayList<>();
            if (list == null || !expect(list, YamlNode.Kind.SEQUENCE, "'flags'", "write a list: '- name: power_peg' / '  value: false' / '  owner: team'")) {
                return out;
            }
            Set<String> names = new HashSet<>();
            for (YamlNode f : list.items()) {
                if (!expect(f, YamlNode.Kind.MAPPING, "a flag", "each flag has 'name', 'value', 'owner' and optional 'expiresAt'")) {
                    continue;
                }
                checkKeys(f, FLAG_KEYS, "in flag");
                String name = requiredString(f, "name", "flag", "the flag name exactly as the agent reports it");
                if (name != null && !FLAG_NAME.matcher(name).matches()) {
                    error(f.get("name"), "flag name '" + name + "' has spaces or unusual characters", "use letters, digits and . _ : / -");
                    name = null;
                }
                if (name != null && !names.add(name)) {
                    error(f.get("name"), "flag '" + name + "' is declared twice", "keep one entry per flag");
                }
                YamlNode v = f.get("value");
                String value = null;
                if (v == null) {
                    error(f.line(), f.column(), "flag " + (name == null ? "" : "'" + name + "' ") + "has no 'value'",
                            "add 'value: <expected value>' (booleans as true/false)");
                } else if (!v.isScalar()) {
                    error(v, "flag value must be a string, number or boolean, found " + v.describe(), "write e.g. 'value: false'");
                } else {
                    value = v.text();
                }
                String owner = optionalString(f, "owner");
                if (owner == null && f.get("owner") == null && name != null) {
                    warning(f.get("name"), "flag '" + name + "' has no owner", "add 'owner: <team>' so someone is paged to remove it");
                }
                Instant expires = null;
                YamlNode ex = f.get("expiresAt");
                if (ex != null) {
                    expires = instant(ex, "expiresAt");
                    if (expires != null && !expires.isAfter(now)) {
                        warning(ex, "flag '" + name + "' expired at " + expires + ": every node still reporting it will alert FLAG_EXPIRED",
                                "remove the flag from the code and from this file, or extend expiresAt");
                    }
                }
                if (name != null && value != null) {
                    out.add(DeclaredFlag.newBuilder().setName(name).setValue(value).setOwner(owner).setExpiresAt(expires).build());
                }
            }
            return out;
        }

        private List<String> nodeIds(YamlNode list, String what) {
            List<String> out = new ArrayList<>();
            if (list == null || !expect(list, YamlNode.Kind.SEQUENCE, "'" + what + "'", "write a list: [node-1, node-2]")) {
                return out;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (YamlNode n : list.items()) {
                if (!scalarString(n, what + " entry")) {
                    continue;
                }
                if (!NODE_ID.matcher(n.text()).matches()) {
                    error(n, "node id '" + n.text() + "' in " + what + " has spaces or unusual characters", "use the node id the agent reports (letters, digits, . _ : -)");
                    continue;
                }
                if (!seen.add(n.text())) {
                    error(n, "node id '" + n.text() + "' is listed twice in " + what, "remove the duplicate");
                    continue;
                }
                out.add(n.text());
            }
            return out;
        }

        private String name(YamlNode map, String key, String what) {
            String v = requiredString(map, key, "service", "e.g. '" + key + ": " + (key.equals("name") ? "smars" : "prod") + "'");
            if (v != null && !NAME.matcher(v).matches()) {
                error(map.get(key), what + " '" + v + "' is not a valid name",
                        "use lowercase letters, digits, '.', '_' or '-' (max 63, no '/': it separates environment/service in keys)");
                return null;
            }
            return v;
        }

        private String requiredString(YamlNode map, String key, String owner, String hint) {
            YamlNode v = map.get(key);
            if (v == null) {
                error(map.line(), map.column(), owner + " has no '" + key + "'", "add '" + key + ":' — " + hint);
                return null;
            }
            if (!scalarString(v, key)) {
                return null;
            }
            if (v.text().isBlank()) {
                error(v, "'" + key + "' is blank", hint);
                return null;
            }
            return v.text();
        }

        private String optionalString(YamlNode map, String key) {
            YamlNode v = map.get(key);
            if (v == null || v.kind() == YamlNode.Kind.NULL) {
                return null;
            }
            return scalarString(v, key) ? v.text() : null;
        }

        /** Versions like 2012.08 are numbers to YAML; accept any scalar as text, reject lists/mappings. */
        private boolean scalarString(YamlNode v, String key) {
            if (v.isScalar()) {
                return true;
            }
            error(v, "'" + key + "' must be a string, found " + v.describe(), "write a single value (quote it if it contains ':' or '#')");
            return false;
        }

        private Boolean bool(YamlNode map, String key) {
            YamlNode v = map.get(key);
            if (v == null) {
                return null;
            }
            if (v.kind() != YamlNode.Kind.BOOLEAN) {
                error(v, "'" + key + "' must be true or false, found " + (v.text() == null ? v.describe() : "'" + v.text() + "'"), "write '" + key + ": true' or '" + key + ": false'");
                return null;
            }
            return Boolean.parseBoolean(v.text());
        }

        private Integer positiveInt(YamlNode v, String key) {
            if (v.kind() == YamlNode.Kind.NUMBER) {
                try {
                    int n = Integer.parseInt(v.text());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            error(v, "'" + key + "' must be a positive whole number, found " + (v.text() == null ? v.describe() : "'" + v.text() + "'"), "write e.g. '" + key + ": 3'");
            return null;
        }

        private Duration duration(YamlNode v, String key) {
            if (v.kind() == YamlNode.Kind.NUMBER) {
                error(v, "'" + key + "' is a bare number (" + v.text() + ")", "add a unit: 10s, 500ms, 1m");
                return null;
            }
            if (!scalarString(v, key)) {
                return null;
            }
            try {
                return TimeParser.parseDuration(v.text());
            } catch (IllegalArgumentException e) {
                error(v, "'" + key + "' " + e.getMessage(), "write e.g. '" + key + ": 10s'");
                return null;
            }
        }

        private Instant instant(YamlNode v, String key) {
            if (!scalarString(v, key)) {
                return null;
            }
            try {
                return TimeParser.parseInstant(v.text(), now);
            } catch (IllegalArgumentException e) {
                error(v, "'" + key + "' is not an instant: '" + v.text() + "'", "write an ISO-8601 instant in UTC, e.g. 2030-08-01T13:30:00Z");
                return null;
            }
        }

        private void checkKeys(YamlNode map, List<String> allowed, String where) {
            for (String key : map.entries().keySet()) {
                if (allowed.contains(key)) {
                    continue;
                }
                String hint;
                if (PROVENANCE_KEYS.contains(key)) {
                    hint = "remove it: '" + key + "' is set by 'fleet-audit declare' from git and the clock";
                } else {
                    String guess = suggest(key, allowed);
                    hint = (guess == null ? "" : "did you mean '" + guess + "'? ") + "allowed keys " + where + ": " + String.join(", ", allowed);
                }
                error(map.keyLine(key), map.keyColumn(key), "unknown key '" + key + "' " + where, hint);
            }
        }

        private boolean expect(YamlNode n, YamlNode.Kind kind, String what, String hint) {
            if (n.kind() == kind) {
                return true;
            }
            String want = kind == YamlNode.Kind.MAPPING ? "a mapping (key: value lines)" : kind == YamlNode.Kind.SEQUENCE ? "a list ('- ' items)" : kind.name().toLowerCase(Locale.ROOT);
            error(n, what + " must be " + want + ", found " + n.describe(), hint);
            return false;
        }

        private void error(YamlNode at, String message, String hint) {
            error(at.line(), at.column(), message, hint);
        }

        private void error(int line, int column, String message, String hint) {
            problems.add(new Problem(Problem.Severity.ERROR, file, line, column, message, hint));
        }

        private void warning(YamlNode at, String message, String hint) {
            problems.add(new Problem(Problem.Severity.WARNING, file, at.line(), at.column(), message, hint));
        }
    }

    /** Closest allowed key: same letters ignoring case/underscores/dashes, or within edit distance 2. */
    static String suggest(String key, List<String> allowed) {
        String norm = normalize(key);
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String a : allowed) {
            if (normalize(a).equals(norm)) {
                return a;
            }
            int d = levenshtein(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = a;
            }
        }
        return bestDist <= 2 ? best : null;
    }

    private static String normalize(String s) {
        return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Kept for callers that want the allowed key lists (the JSON schema test compares against them). */
    public static Map<String, List<String>> allowedKeys() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("top", TOP_KEYS);
        m.put("service", SERVICE_KEYS);
        m.put("artifact", ARTIFACT_KEYS);
        m.put("rollout", ROLLOUT_KEYS);
        m.put("flag", FLAG_KEYS);
        return m;
    }
}
