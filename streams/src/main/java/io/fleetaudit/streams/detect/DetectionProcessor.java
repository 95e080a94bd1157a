package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.Violation;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.streams.StreamsMetrics;
import io.fleetaudit.streams.rules.ExemptionExpiredRule;
import io.fleetaudit.streams.rules.ExemptionPolicy;
import io.fleetaudit.streams.rules.FleetOutlierRule;
import io.fleetaudit.streams.rules.NodeCountShortRule;
import io.fleetaudit.streams.rules.NodeFacts;
import io.fleetaudit.streams.rules.NodeMissingRule;
import io.fleetaudit.streams.rules.NodeRules;
import io.fleetaudit.streams.rules.RuleId;
import io.fleetaudit.streams.rules.UndeclaredServiceRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The heart of fleet-audit. Input: heartbeats and declaration changes of one environment/service partition
 * (co-partitioned by the topology). Output: node statuses, alert lifecycle events and audit events. A
 * declaration change re-evaluates every node of its service at once; a wall-clock punctuator drives the time
 * rules (missing nodes, count short, rollout deadlines, flag expiries, exemption windows).
 */
public final class DetectionProcessor implements Processor<String, Object, String, DetectionOutput> {
    static final String ACTIVE = "ACTIVE";
    static final String ENDED_UNRECONCILED = "ENDED_UNRECONCILED";
    static final String DONE = "DONE";

    private final Clock clock;
    private final DetectionSettings settings;
    private final StreamsMetrics metrics;
    private final FleetOutlierRule outlierRule;
    private final DeclarationSnapshot snapshot;
    private final StoredHeartbeats storedHeartbeats;
    /** The changelog topic of node-heartbeat-store (the subject a heartbeat that came decoded is encoded for). */
    private String hbChangelog;

    private ProcessorContext<String, DetectionOutput> ctx;
    private KeyValueStore<String, NodeStatus> statusStore;
    private KeyValueStore<String, Alert> alertStore;
    private KeyValueStore<String, Declaration> declStore;
    private KeyValueStore<String, byte[]> hbStore;
    private KeyValueStore<String, String> phaseStore;
    private KeyValueStore<String, Exemption> exemptionStore;

    private LivenessClock liveness;
    /** environment/service to nodeId to liveness entry: an in-memory index of the persisted statuses. */
    private final Map<String, Map<String, Live>> services = new HashMap<>();
    private final Map<String, Live> nodes = new HashMap<>();
    private final Map<String, Violation> outliers = new HashMap<>();
    /** Last FLEET_OUTLIER majority per undeclared environment/service (absent: the group is not judged). */
    private final Map<String, FleetOutlierRule.Majority> majorities = new HashMap<>();
    /** Live members' signatures and their counts per undeclared environment/service (FLEET_OUTLIER's input). */
    private final Map<String, OutlierGroup> groups = new HashMap<>();
    /** Read-through cache of alert-store: service rules look their alert up on every evaluation. */
    private final Map<String, Alert> alertCache = new HashMap<>();
    private final Map<String, List<Exemption>> exemptionsByNode = new HashMap<>();
    private final Set<String> dirtyServices = new LinkedHashSet<>();
    private final Map<NodeCount, Long> localNodeCounts = new HashMap<>();
    private Instant lastTick;
    /** The liveness instant (ms) before which no live node can be missing: see overdueNodes. */
    private long nextMissingScanMs = Long.MIN_VALUE;
    /** Read-through cache of declaration-store (decoding a Declaration per heartbeat is the largest fixed cost). */
    private final Map<String, Declaration> declCache = new HashMap<>();
    /** Since when each undeclared service has been seen with live nodes (UNDECLARED_SERVICE grace). */
    private final Map<String, Instant> undeclaredSince = new HashMap<>();
    /** Services whose declaration this task has taken from the start-up snapshot or seen as a record (adopt once). */
    private final Set<String> declarationSeen = new HashSet<>();
    /** Declarations taken from the snapshot whose own record has not come through the repartition topic yet. */
    private final Map<String, DeclarationSnapshot.Entry> adopted = new HashMap<>();

    /** Liveness of one node as the punctuator needs it; rebuilt from node-status-store on start. */
    private static final class Live {
        final String nodeId;
        String envService;
        String service;
        String environment;
        Instant lastSeen;
        long intervalMs;
        boolean stopping;
        boolean missing;
        long lastPublishedMs;
        long lastSequence;
        Instant lastArrival;
        /** The declaration the evaluated content was evaluated against (fast path). */
        Declaration evaluatedAgainst;
        /** The evaluated content as bytes (HeartbeatBytes.contentPrefix), null until a heartbeat gave them. */
        byte[] contentPrefix;
        /**
         * The evaluated heartbeat itself, only while contentPrefix is null: once the bytes stand for the content, the
         * decoded object (several times their size: about 26 KB for a heartbeat with 100 config files) is let go.
         */
        Heartbeat evaluatedHeartbeat;
        /** intervalMs and stopping of the evaluated heartbeat, which the bytes fast path compares its tail with. */
        long evaluatedIntervalMs;
        boolean evaluatedStopping;
        /** FLEET_OUTLIER signature of the evaluated content, kept so a group evaluation does not rebuild it per member. */
        String signature;

        Live(String nodeId) {
            this.nodeId = nodeId;
        }

        /** Whether a heartbeat's content was evaluated: then its bytes, or the heartbeat itself, are kept. */
        boolean evaluated() {
            return contentPrefix != null || evaluatedHeartbeat != null;
        }

        boolean live() {
            return !stopping && !missing;
        }
    }

    /**
     * What each live member of an undeclared service contributes to its FLEET_OUTLIER majority, kept incrementally: a
     * heartbeat moves only its own node's contribution; the punctuator and declaration changes recount the group.
     */
    private static final class OutlierGroup {
        final Map<String, String> signatures = new HashMap<>();
        final Map<String, Integer> counts = new HashMap<>();

        void set(String nodeId, String signature) {
            String old = signature == null ? signatures.remove(nodeId) : signatures.put(nodeId, signature);
            if (Objects.equals(old, signature)) {
                return;
            }
            if (old != null) {
                counts.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
            }
            if (signature != null) {
                counts.merge(signature, 1, Integer::sum);
            }
        }
    }

    /**
     * {@code snapshot}: the declarations published before start-up (see DeclarationSnapshot); {@code storedHeartbeats}:
     * how node-heartbeat-store's bytes are written and read.
     */
    public DetectionProcessor(Clock clock, DetectionSettings settings, StreamsMetrics metrics,
                              DeclarationSnapshot snapshot, StoredHeartbeats storedHeartbeats) {
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.storedHeartbeats = storedHeartbeats;
        this.outlierRule = new FleetOutlierRule(settings.outlierMinGroupSize(), settings.outlierMajorityShare());
    }

    @Override
    public void init(ProcessorContext<String, DetectionOutput> context) {
        this.ctx = context;
        // Kafka Streams re-initialises the SAME instance when it revives a task (e.g. after an aborted exactly-once
        // transaction): the stores are back at the last commit, so nothing remembered in memory may survive.
        services.clear();
        nodes.clear();
        outliers.clear();
        majorities.clear();
        groups.clear();
        alertCache.clear();
        exemptionsByNode.clear();
        dirtyServices.clear();
        declCache.clear();
        undeclaredSince.clear();
        declarationSeen.clear();
        adopted.clear();
        nextMissingScanMs = Long.MIN_VALUE;
        statusStore = context.getStateStore(StoreNames.NODE_STATUS);
        alertStore = context.getStateStore(StoreNames.ALERTS);
        declStore = context.getStateStore(StoreNames.DECLARATIONS);
        hbStore = context.getStateStore(StoreNames.HEARTBEATS);
        hbChangelog = context.applicationId() + "-" + StoreNames.HEARTBEATS + "-changelog";
        phaseStore = context.getStateStore(StoreNames.EXEMPTION_PHASES);
        exemptionStore = context.getStateStore(StoreNames.EXEMPTIONS);
        Instant now = clock.instant();
        liveness = new LivenessClock(settings.missingIdleFallback(), settings.missingSettle(), now);
        try (KeyValueIterator<String, NodeStatus> it = statusStore.all()) {
            while (it.hasNext()) {
                NodeStatus s = it.next().value;
                Live l = index(s.getNodeId(), s.getEnvironment(), s.getService());
                l.lastSeen = s.getLastSeen();
                l.lastArrival = s.getUpdatedAt();
                l.lastSequence = s.getLastSequence();
                l.stopping = s.getState() == NodeState.STOPPED;
                l.missing = s.getState() == NodeState.MISSING;
                Heartbeat hb = storedHeartbeat(l.envService, l.nodeId);
                l.intervalMs = hb == null ? 10_000 : hb.getIntervalMs();
                liveness.seed(s.getLastSeen());
                countNode(s.getService(), s.getEnvironment(), s.getState(), 1);
            }
        }
        refreshExemptions();
        lastTick = now;
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, ts -> tick());
    }

    @Override
    public void process(Record<String, Object> record) {
        Object v = record.value();
        if (v instanceof HeartbeatBytes bytes) {
            onHeartbeat(record.key(), bytes, record.timestamp());
        } else if (v instanceof Heartbeat hb) {
            onHeartbeat(hb, record.timestamp(), null);
        } else if (v instanceof DeclarationChange dc) {
            onDeclarationRecord(dc.key(), dc.declaration(), record.timestamp());
        } else {
            throw new IllegalArgumentException("unexpected input " + (v == null ? "null" : v.getClass().getName()));
        }
    }

    @Override
    public void close() {
        // The gauges are shared by all tasks of the instance: hand back this task's share.
        localNodeCounts.forEach((k, n) -> metrics.nodes(k.service(), k.environment(), k.state().name(), -n));
        localNodeCounts.clear();
    }

    // ---------------------------------------------------------------- heartbeats

    /**
     * A heartbeat still in bytes: when the fast path applies and its content bytes are those of the node's last
     * evaluated heartbeat, only its timing fields are read; anything else is decoded in full.
     */
    private void onHeartbeat(String es, HeartbeatBytes bytes, long recordTs) {
        String nodeId = bytes.nodeId();
        Live known = nodeId == null ? null : nodes.get(nodeId);
        if (known != null && known.contentPrefix != null && fastPathApplies(known, es)) {
            HeartbeatBytes.Timing t = bytes.timingIfContentIs(known.contentPrefix);
            if (t != null && t.intervalMs() == known.evaluatedIntervalMs && t.stopping() == known.evaluatedStopping) {
                Instant wall = wallClock();
                Instant eventTime = eventTime(t.sentAt(), recordTs, wall);
                metrics.heartbeatProcessed();
                liveness.onRecord(eventTime, wall);
                beat(known, t.sequence(), eventTime, wall);
                return;
            }
        }
        onHeartbeat(bytes.decode(), recordTs, bytes);
    }

    /**
     * The wall clock per heartbeat, to the millisecond (what statuses and audit events hold): the system clock's
     * instant() goes through a native call for its microseconds, a few percent of the stream threads' samples.
     */
    private Instant wallClock() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private Instant eventTime(Instant sentAt, long recordTs, Instant wall) {
        Instant bounded = EventTime.bounded(sentAt, recordTs, settings.maxClockSkew());
        return bounded.isAfter(wall) ? wall : bounded;
    }

    /** {@code bytes}: what {@code hb} was decoded from, if it came as bytes (for the next heartbeat's comparison). */
    private void onHeartbeat(Heartbeat hb, long recordTs, HeartbeatBytes bytes) {
        Instant wall = wallClock();
        Instant eventTime = eventTime(hb.getSentAt(), recordTs, wall);
        metrics.heartbeatProcessed();
        liveness.onRecord(eventTime, wall);
        String nodeId = hb.getNodeId();
        String es = envService(hb.getEnvironment(), hb.getService());
        Live known = nodes.get(nodeId);
        if (known != null && fastPath(known, hb, es, eventTime, wall)) {
            rememberContent(known, hb, bytes);
            return;
        }
        adoptFromSnapshot(es, recordTs);
        // Every status in this task's store has an entry in `nodes` (init indexes them all, and a status is only ever
        // written for an indexed node), so a node not there has none: no store read for each node's first heartbeat.
        NodeStatus prevStatus = known == null ? null : statusStore.get(nodeId);
        long lastSequence = known != null ? known.lastSequence : prevStatus == null ? 0 : prevStatus.getLastSequence();
        if (prevStatus != null && hb.getSequence() < lastSequence
                && Objects.equals(prevStatus.getInstanceId(), hb.getInstanceId())) {
            return; // an older heartbeat delivered late: the newer one already decided
        }
        Heartbeat prevHb = null;
        if (prevStatus != null) {
            String prevEs = envService(prevStatus.getEnvironment(), prevStatus.getService());
            if (prevEs.equals(es)) {
                prevHb = storedHeartbeat(es, nodeId);
            } else {
                // The node was repurposed to another service: forget it there.
                hbStore.delete(hbKey(prevEs, nodeId));
                unindex(nodeId);
                dirtyServices.add(prevEs);
            }
        }
        if (prevHb == null || !HeartbeatContent.same(prevHb, hb)) {
            hbStore.put(hbKey(es, nodeId), storedHeartbeats.bytes(hb, bytes, hbChangelog));
            if (prevHb == null || HeartbeatContent.identityChanged(prevHb, hb)) {
                ctx.forward(new Record<>(nodeId, DetectionOutput.audit(nodeId,
                        Audits.nodeChanged(hb, eventTime, HeartbeatContent.describeChange(prevHb, hb))), wall.toEpochMilli()));
            }
        }
        Live l = index(nodeId, hb.getEnvironment(), hb.getService());
        boolean wasLive = prevStatus != null && l.live();
        liveness.onNodeHeartbeat(l.lastSeen, l.lastArrival, eventTime, wall);
        l.lastArrival = wall;
        Instant lastSeen = l.lastSeen == null || eventTime.isAfter(l.lastSeen) ? eventTime : l.lastSeen;
        l.lastSeen = lastSeen;
        l.stopping = hb.getStopping();
        l.missing = false;
        l.intervalMs = hb.getIntervalMs();
        l.lastSequence = hb.getSequence();
        Declaration decl = declaration(es);
        if (l.live()) {
            // A new, returning or changed node: its deadline may be the earliest now (no other node's moved).
            nextMissingScanMs = Math.min(nextMissingScanMs, missingDeadlineMs(l, decl));
        }
        if (decl == null) {
            evaluateService(es, wall, hb, eventTime);
        } else if (!wasLive || !l.live()) {
            dirtyServices.add(es);
        }
        evaluateNode(hb, prevHb, prevStatus, decl, false, lastSeen, hb.getSequence(), eventTime, wall);
        rememberContent(l, hb, bytes);
    }

    private static long missingDeadlineMs(Live l, Declaration decl) {
        return l.lastSeen.toEpochMilli() + NodeMissingRule.threshold(decl, l.intervalMs).toMillis();
    }

    /**
     * Keeps the bytes of the node's evaluated content, so its next heartbeats can be compared without decoding, and lets
     * the decoded heartbeat go. Also replaces bytes that no longer match the same content (e.g. an agent that now writes
     * with a newer schema id), so such a node does not decode every heartbeat from then on.
     */
    private static void rememberContent(Live l, Heartbeat hb, HeartbeatBytes bytes) {
        if (bytes != null && l.evaluatedHeartbeat != null
                && (l.evaluatedHeartbeat == hb || HeartbeatContent.same(l.evaluatedHeartbeat, hb))
                && (l.contentPrefix == null || bytes.timingIfContentIs(l.contentPrefix) == null)) {
            byte[] prefix = bytes.contentPrefix(hb);
            if (prefix != null) {
                l.contentPrefix = prefix;
            }
        }
        if (l.contentPrefix != null) {
            l.evaluatedHeartbeat = null;
        }
    }

    /**
     * The steady state: same content, same declaration, not missing, no exemption involved. The verdict cannot
     * have changed (time-driven changes are the punctuator's job), so only liveness moves; the status is stored
     * and published again on refresh. Skips two store reads and all rule evaluation for most heartbeats.
     */
    private boolean fastPath(Live l, Heartbeat hb, String es, Instant eventTime, Instant wall) {
        // Without the decoded heartbeat (its bytes stand for it, and these did not match them) the slow path compares with
        // the stored one.
        if (!fastPathApplies(l, es) || l.evaluatedHeartbeat == null || !HeartbeatContent.same(l.evaluatedHeartbeat, hb)) {
            return false;
        }
        beat(l, hb.getSequence(), eventTime, wall);
        return true;
    }

    /** Everything but the content: evaluated before, not missing, same service and declaration, no exemption. */
    private boolean fastPathApplies(Live l, String es) {
        if (!l.evaluated() || l.missing || !es.equals(l.envService)
                || exemptionsByNode.containsKey(l.nodeId)) {
            return false;
        }
        // Also for an undeclared service (decl and evaluatedAgainst both null): same content and still live means the
        // group's FLEET_OUTLIER/UNDECLARED_SERVICE inputs did not move, so the service needs no re-evaluation.
        return declaration(es) == l.evaluatedAgainst;
    }

    /** The fast path's work for a heartbeat with the evaluated content (so the same instance id as well). */
    private void beat(Live l, long sequence, Instant eventTime, Instant wall) {
        if (sequence < l.lastSequence) {
            return; // an older heartbeat delivered late
        }
        liveness.onNodeHeartbeat(l.lastSeen, l.lastArrival, eventTime, wall);
        l.lastArrival = wall;
        if (l.lastSeen == null || eventTime.isAfter(l.lastSeen)) {
            l.lastSeen = eventTime;
        }
        l.lastSequence = sequence;
        if (wall.toEpochMilli() - l.lastPublishedMs >= settings.statusRefresh().toMillis()) {
            NodeStatus prevStatus = statusStore.get(l.nodeId);
            if (prevStatus != null) {
                NodeStatus s = NodeStatus.newBuilder(prevStatus).setLastSeen(l.lastSeen).setLastSequence(l.lastSequence)
                        .setUpdatedAt(wall).build();
                statusStore.put(l.nodeId, s);
                ctx.forward(new Record<>(l.nodeId, DetectionOutput.status(s), wall.toEpochMilli()));
                l.lastPublishedMs = wall.toEpochMilli();
            }
        }
    }

    // ---------------------------------------------------------------- declarations

    /**
     * A heartbeat sent before start-up for a service this task has no declaration for, and has seen none for: when the
     * start-up snapshot has one, it is applied now, as if its record had come (stored, audited, the service evaluated),
     * instead of judging the node as undeclared and again when the record comes through the repartition topic.
     */
    private void adoptFromSnapshot(String es, long recordTs) {
        if (snapshot.size() == 0 || declarationSeen.contains(es) || declaration(es) != null) {
            return;
        }
        DeclarationSnapshot.Entry entry = snapshot.forHeartbeat(es, recordTs);
        if (entry != null) {
            declarationSeen.add(es);
            adopted.put(es, entry);
            onDeclaration(es, entry.declaration());
        }
    }

    /**
     * A declaration record from the repartition topic. After an adoption, the records published before the adopted one
     * (the topic may not be compacted yet) are skipped, so the service does not step back through older versions, and
     * the adopted one itself changes nothing; anything newer is applied as usual.
     */
    private void onDeclarationRecord(String key, Declaration decl, long timestamp) {
        declarationSeen.add(key);
        DeclarationSnapshot.Entry entry = adopted.get(key);
        if (entry != null) {
            if (Objects.equals(decl, entry.declaration())) {
                adopted.remove(key);
                return;
            }
            if (timestamp < entry.timestamp()) {
                return;
            }
            adopted.remove(key);
        }
        onDeclaration(key, decl);
    }

    private void onDeclaration(String key, Declaration decl) {
        Instant wall = clock.instant();
        nextMissingScanMs = Long.MIN_VALUE; // its thresholds may have shrunk
        Declaration old = declStore.get(key);
        declCache.put(key, decl);
        if (decl == null) {
            if (old == null) {
                return;
            }
            declStore.delete(key);
            ctx.forward(new Record<>(key, DetectionOutput.audit(key, Audits.declarationRemoved(key, old, wall)),
                    wall.toEpochMilli()));
        } else {
            if (decl.equals(old)) {
                return; // a re-publication of the same commit changes nothing
            }
            declStore.put(key, decl);
            ctx.forward(new Record<>(key, DetectionOutput.audit(key, Audits.declaration(decl, wall)), wall.toEpochMilli()));
        }
        reevaluateService(key, decl, wall);
    }

    /** Re-evaluates every node of the service against its current declaration, then the service-level rules. */
    private void reevaluateService(String es, Declaration decl, Instant wall) {
        List<Heartbeat> members = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = hbStore.prefixScan(es + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> members.add(storedHeartbeats.decode(kv.value, hbChangelog)));
        }
        if (decl == null) {
            evaluateService(es, wall, null, null);
        }
        for (Heartbeat hb : members) {
            NodeStatus prev = statusStore.get(hb.getNodeId());
            if (prev == null) {
                continue;
            }
            Live l = nodes.get(hb.getNodeId());
            evaluateNode(hb, hb, prev, decl, prev.getState() == NodeState.MISSING,
                    l == null ? prev.getLastSeen() : l.lastSeen, l == null ? prev.getLastSequence() : l.lastSequence,
                    null, wall);
        }
        evaluateService(es, wall, null, null);
    }

    // ---------------------------------------------------------------- time rules

    private void tick() {
        Instant wall = clock.instant();
        Instant livenessNow = liveness.now(wall);
        refreshExemptions();
        boolean caughtUp = liveness.caughtUp(wall);
        for (Live l : caughtUp ? overdueNodes(livenessNow) : List.<Live>of()) {
            Declaration decl = declaration(l.envService);
            Duration threshold = NodeMissingRule.threshold(decl, l.intervalMs);
            if (NodeMissingRule.evaluate(l.nodeId, l.lastSeen, false, threshold, livenessNow).isPresent()) {
                l.missing = true;
                Heartbeat hb = storedHeartbeat(l.envService, l.nodeId);
                NodeStatus prev = statusStore.get(l.nodeId);
                if (hb != null && prev != null) {
                    evaluateNode(hb, hb, prev, decl, true, l.lastSeen, l.lastSequence, null, wall);
                }
                dirtyServices.add(l.envService);
            } else {
                nextMissingScanMs = Long.MIN_VALUE; // due by the millisecond, not yet by the rule: look again
            }
        }
        List<KeyValue<String, Declaration>> decls = new ArrayList<>();
        try (KeyValueIterator<String, Declaration> it = declStore.all()) {
            it.forEachRemaining(decls::add);
        }
        for (KeyValue<String, Declaration> kv : decls) {
            boolean crossed = NodeRules.timeBoundaries(kv.value).stream()
                    .anyMatch(t -> t.isAfter(lastTick) && !t.isAfter(wall));
            if (crossed) {
                reevaluateService(kv.key, kv.value, wall);
            } else if (kv.value.getExpectedNodes() != null || !kv.value.getExpectedNodeIds().isEmpty()) {
                dirtyServices.add(kv.key);
            }
        }
        tickExemptions(wall);
        List<String> dirty = new ArrayList<>(dirtyServices);
        dirtyServices.clear();
        for (String es : dirty) {
            evaluateService(es, wall, null, null);
        }
        lastTick = wall;
    }

    /**
     * Live nodes whose missing deadline (last seen + threshold) has passed, by the millisecond (the rule itself has the
     * last word). Visiting every node every second was a fifth of the stream threads' time with 100,000 nodes; but a
     * deadline only moves later on the fast path (lastSeen grows), so after a scan none can pass before the earliest
     * deadline it saw, and the next ticks skip the scan until then. A node's slow path moves only that node's deadline,
     * so it lowers the bound to it (it used to ask for a full scan: with nodes joining all the time, every tick scanned);
     * a declaration change or a start-up asks for a scan at the next tick.
     */
    private List<Live> overdueNodes(Instant livenessNow) {
        long nowMs = livenessNow.toEpochMilli();
        if (nowMs < nextMissingScanMs) {
            return List.of();
        }
        List<Live> overdue = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Live l : nodes.values()) {
            if (!l.live()) {
                continue;
            }
            long deadline = missingDeadlineMs(l, declaration(l.envService));
            if (nowMs >= deadline) {
                overdue.add(l);
            } else {
                next = Math.min(next, deadline);
            }
        }
        nextMissingScanMs = next;
        return overdue;
    }

    private void refreshExemptions() {
        exemptionsByNode.clear();
        try (KeyValueIterator<String, Exemption> it = exemptionStore.all()) {
            while (it.hasNext()) {
                Exemption e = it.next().value;
                if (e != null) {
                    exemptionsByNode.computeIfAbsent(e.getNodeId(), k -> new ArrayList<>()).add(e);
                }
            }
        }
    }

    /** Announces exemption windows opening and closing for this task's nodes, and re-evaluates those nodes. */
    private void tickExemptions(Instant wall) {
        Set<String> known = new HashSet<>();
        for (List<Exemption> list : exemptionsByNode.values()) {
            for (Exemption e : list) {
                known.add(e.getId());
                Live l = nodes.get(e.getNodeId());
                if (l == null) {
                    continue; // not a node of this task (or never seen yet)
                }
                String phase = phaseStore.get(e.getId());
                NodeStatus status = statusStore.get(e.getNodeId());
                if (ExemptionPolicy.active(e, wall) && phase == null) {
                    phaseStore.put(e.getId(), ACTIVE);
                    forwardAudit(e.getNodeId(), Audits.exemption(AuditType.EXEMPTION_GRANTED, e, l.service,
                            l.environment, wall), wall);
                    reevaluateNode(l, status, wall);
                } else if (ExemptionPolicy.ended(e, wall) && (phase == null || ACTIVE.equals(phase))) {
                    boolean deviating = status != null && status.getViolations().stream()
                            .anyMatch(v -> ExemptionPolicy.covers(e, v.getRule()));
                    phaseStore.put(e.getId(), deviating ? ENDED_UNRECONCILED : DONE);
                    if (ACTIVE.equals(phase)) {
                        forwardAudit(e.getNodeId(), Audits.exemption(AuditType.EXEMPTION_ENDED, e, l.service,
                                l.environment, wall), wall);
                    }
                    reevaluateNode(l, status, wall);
                }
            }
        }
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> it = phaseStore.all()) {
            it.forEachRemaining(kv -> {
                if (!known.contains(kv.key)) {
                    stale.add(kv.key);
                }
            });
        }
        stale.forEach(phaseStore::delete);
    }

    private void reevaluateNode(Live l, NodeStatus prev, Instant wall) {
        Heartbeat hb = storedHeartbeat(l.envService, l.nodeId);
        if (hb != null && prev != null) {
            evaluateNode(hb, hb, prev, declaration(l.envService), prev.getState() == NodeState.MISSING,
                    l.lastSeen, l.lastSequence, null, wall);
        }
    }

    // ---------------------------------------------------------------- evaluation

    private void evaluateNode(Heartbeat hb, Heartbeat prevHb, NodeStatus prevStatus, Declaration decl, boolean missing,
                              Instant lastSeen, long sequence, Instant triggerSentAt, Instant wall) {
        String nodeId = hb.getNodeId();
        List<Violation> violations = new ArrayList<>();
        if (!hb.getStopping()) {
            List<Violation> previous = prevStatus == null ? List.of() : prevStatus.getViolations();
            violations.addAll(NodeRules.evaluate(new NodeFacts(hb, prevHb, previous), decl, wall));
            if (decl == null && outliers.containsKey(nodeId)) {
                violations.add(outliers.get(nodeId));
            }
            if (missing) {
                Duration threshold = NodeMissingRule.threshold(decl, hb.getIntervalMs());
                violations.add(NodeMissingRule.evaluate(nodeId, lastSeen, false, threshold, Instant.MAX).orElseThrow());
            }
        }
        List<Exemption> exemptions = exemptionsByNode.getOrDefault(nodeId, List.of());
        if (!exemptions.isEmpty()) {
            violations = ExemptionPolicy.apply(violations, exemptions, wall);
            List<Exemption> unreconciled = exemptions.stream()
                    .filter(e -> ENDED_UNRECONCILED.equals(phaseStore.get(e.getId()))).toList();
            Optional<Violation> expired = ExemptionExpiredRule.evaluate(nodeId, unreconciled, violations, wall);
            expired.ifPresent(violations::add);
            for (Exemption e : unreconciled) {
                boolean still = violations.stream().anyMatch(v -> !v.getExempted() && ExemptionPolicy.covers(e, v.getRule()));
                if (!still) {
                    phaseStore.put(e.getId(), DONE); // reconciled: never fire EXEMPTION_EXPIRED for it again
                }
            }
        }
        NodeState state = hb.getStopping() ? NodeState.STOPPED : missing ? NodeState.MISSING
                : violations.stream().anyMatch(v -> !v.getExempted()) ? NodeState.DRIFTED
                : !violations.isEmpty() ? NodeState.EXEMPT : decl == null ? NodeState.UNDECLARED : NodeState.OK;

        transitionAlerts(hb, prevStatus, violations, decl, triggerSentAt, wall);

        NodeState prevState = prevStatus == null ? null : prevStatus.getState();
        NodeStatus status = NodeStatus.newBuilder().setNodeId(nodeId).setService(hb.getService())
                .setEnvironment(hb.getEnvironment()).setInstanceId(hb.getInstanceId()).setState(state)
                .setViolations(violations).setArtifacts(hb.getArtifacts()).setConfigHash(hb.getConfigHash())
                .setFlags(hb.getFlags()).setLabels(hb.getLabels())
                .setFirstSeen(prevStatus == null ? lastSeen : prevStatus.getFirstSeen()).setLastSeen(lastSeen)
                .setLastSequence(sequence)
                .setStateSince(prevState == state ? prevStatus.getStateSince() : wall)
                .setDeclarationCommit(decl == null ? null : decl.getGitCommit())
                .setDeclaredAt(decl == null ? null : decl.getDeclaredAt()).setUpdatedAt(wall).build();

        if (prevState != state) {
            if (prevState != null) {
                countNode(prevStatus.getService(), prevStatus.getEnvironment(), prevState, -1);
            }
            countNode(hb.getService(), hb.getEnvironment(), state, 1);
            forwardAudit(nodeId, Audits.stateChanged(nodeId, hb.getService(), hb.getEnvironment(), prevState, state,
                    wall, hb.getInstanceId()), wall);
        }
        List<String> newlyExempted = violations.isEmpty() ? List.of() : violations.stream().filter(Violation::getExempted)
                .filter(v -> prevStatus == null || prevStatus.getViolations().stream()
                        .noneMatch(p -> p.getExempted() && p.getRule().equals(v.getRule())))
                .map(Violation::getRule).toList();
        if (!newlyExempted.isEmpty()) {
            forwardAudit(nodeId, Audits.deviationExempted(nodeId, hb.getService(), hb.getEnvironment(), newlyExempted,
                    wall), wall);
        }
        Live l = nodes.get(nodeId);
        if (l != null) {
            // The stored heartbeat is the last evaluated content (it is written before a changed content is evaluated), so
            // a re-evaluation of it (hb == prevHb) or a heartbeat equal to it has the evaluated content.
            boolean sameContent = l.evaluated() && (hb == prevHb
                    || (l.evaluatedHeartbeat != null
                    ? l.evaluatedHeartbeat == hb || HeartbeatContent.same(l.evaluatedHeartbeat, hb)
                    : prevHb != null && HeartbeatContent.same(prevHb, hb)));
            if (!sameContent) {
                l.contentPrefix = null; // other content: its bytes come with the next heartbeat that has them
            }
            if (decl != null) {
                l.signature = null; // only undeclared groups use it; signatureOf reads the stored heartbeat if needed
            } else if (l.signature == null || !sameContent) {
                l.signature = FleetOutlierRule.signature(hb);
            }
            // A heartbeat's own evaluation keeps it for rememberContent (which lets it go once there are bytes); a
            // re-evaluation of the stored content keeps it only if there are no bytes for it.
            l.evaluatedHeartbeat = l.contentPrefix != null && hb == prevHb ? null : hb;
            l.evaluatedIntervalMs = hb.getIntervalMs();
            l.evaluatedStopping = hb.getStopping();
            l.evaluatedAgainst = decl;
        }
        boolean material = prevStatus == null || !materiallyEqual(prevStatus, status);
        // Unchanged statuses (only lastSeen/sequence moved) are stored and published at most every statusRefresh:
        // the in-memory Live entry carries the exact lastSeen for liveness in the meantime.
        if (material || l == null || wall.toEpochMilli() - l.lastPublishedMs >= settings.statusRefresh().toMillis()) {
            statusStore.put(nodeId, status);
            ctx.forward(new Record<>(nodeId, DetectionOutput.status(status), wall.toEpochMilli()));
            if (l != null) {
                l.lastPublishedMs = wall.toEpochMilli();
            }
        }
    }

    private void transitionAlerts(Heartbeat hb, NodeStatus prevStatus, List<Violation> violations, Declaration decl,
                                  Instant triggerSentAt, Instant wall) {
        if (violations.isEmpty() && (prevStatus == null || prevStatus.getViolations().isEmpty())) {
            return; // nothing fires, nothing was firing (each node's first heartbeat, mostly)
        }
        Map<String, Violation> active = new LinkedHashMap<>();
        violations.stream().filter(v -> !v.getExempted()).forEach(v -> active.put(v.getRule(), v));
        Set<String> before = new TreeSet<>();
        if (prevStatus != null) {
            prevStatus.getViolations().stream().filter(v -> !v.getExempted()).forEach(v -> before.add(v.getRule()));
        }
        String nodeId = hb.getNodeId();
        for (Map.Entry<String, Violation> e : active.entrySet()) {
            if (!before.contains(e.getKey())) {
                RuleId rule = RuleId.valueOf(e.getKey());
                fire(rule, nodeId, hb.getService(), hb.getEnvironment(), nodeId, hb.getLabels(), e.getValue(), decl,
                        triggerSentAt, wall, nodeId);
            }
        }
        for (String r : before) {
            if (!active.containsKey(r)) {
                resolve(RuleId.valueOf(r), nodeId, hb.getEnvironment(), triggerSentAt, wall, nodeId);
            }
        }
    }

    /** Service-level rules for one environment/service; {@code current} is the heartbeat being processed, if any. */
    private void evaluateService(String es, Instant wall, Heartbeat current, Instant triggerSentAt) {
        Map<String, Live> members = services.getOrDefault(es, Map.of());
        Declaration decl = declaration(es);
        String environment;
        String service;
        if (decl != null) {
            environment = decl.getEnvironment();
            service = decl.getService();
        } else if (!members.isEmpty()) {
            Live any = members.values().iterator().next();
            environment = any.environment;
            service = any.service;
        } else {
            int slash = es.indexOf('/');
            environment = es.substring(0, Math.max(slash, 0));
            service = es.substring(slash + 1);
        }
        OutlierGroup group = decl == null ? outlierGroup(es, members, current) : null;
        if (group == null) {
            groups.remove(es);
        }
        int live = 0;
        if (group != null) {
            live = group.signatures.size();
        } else {
            for (Live l : members.values()) {
                if (l.live()) {
                    live++;
                }
            }
        }
        Optional<Violation> undeclared = UndeclaredServiceRule.evaluate(environment, service, decl, live);
        if (undeclared.isPresent()) {
            Instant since = undeclaredSince.computeIfAbsent(es, k -> wall);
            if (wall.isBefore(since.plus(settings.undeclaredGrace()))) {
                dirtyServices.add(es); // look again on the next tick
            } else {
                setServiceAlert(RuleId.UNDECLARED_SERVICE, es, service, environment, undeclared, decl, triggerSentAt, wall);
            }
        } else {
            undeclaredSince.remove(es);
            setServiceAlert(RuleId.UNDECLARED_SERVICE, es, service, environment, undeclared, decl, triggerSentAt, wall);
        }
        if (decl != null) {
            Duration grace = NodeMissingRule.threshold(decl, decl.getHeartbeatIntervalMs());
            if (liveness.caughtUp(wall) && liveness.now(wall).isAfter(decl.getDeclaredAt().plus(grace))) {
                setServiceAlert(RuleId.NODE_COUNT_SHORT, es, service, environment,
                        NodeCountShortRule.evaluate(decl, live, id -> {
                            Live m = members.get(id);
                            return m != null && m.live();
                        }), decl, triggerSentAt, wall);
            }
        } else {
            setServiceAlert(RuleId.NODE_COUNT_SHORT, es, service, environment, Optional.empty(), null, triggerSentAt, wall);
        }
        updateOutliers(es, group, environment, service, current, wall);
    }

    /** The service's group brought up to date: only the current node's contribution, or a full recount. */
    private OutlierGroup outlierGroup(String es, Map<String, Live> members, Heartbeat current) {
        OutlierGroup group = groups.get(es);
        Live currentMember = current == null ? null : members.get(current.getNodeId());
        if (group != null && currentMember != null) {
            group.set(currentMember.nodeId, currentMember.live() ? FleetOutlierRule.signature(current) : null);
            return group;
        }
        group = new OutlierGroup();
        for (Live member : members.values()) {
            if (member.live()) {
                group.set(member.nodeId, member == currentMember ? FleetOutlierRule.signature(current)
                        : signatureOf(es, member));
            }
        }
        groups.put(es, group);
        return group;
    }

    /**
     * FLEET_OUTLIER verdicts for an undeclared service; re-evaluates the nodes whose verdict changed. Incremental: the
     * group's signature counts are kept up to date (see OutlierGroup), and only when the majority itself moved are all
     * members judged again; otherwise only the node being processed and the current outliers can change. Runs for every heartbeat that is not on the fast path of an undeclared service, so at
     * start-up (when services are undeclared until their declaration arrives) it must not be quadratic.
     */
    private void updateOutliers(String es, OutlierGroup group, String environment, String service, Heartbeat current,
                                Instant wall) {
        FleetOutlierRule.Majority before = majorities.get(es);
        if (group == null && before == null && outliers.isEmpty()) {
            return; // declared services have no outliers, and no node anywhere has one to clear
        }
        Map<String, Live> members = services.getOrDefault(es, Map.of());
        String currentId = current == null ? null : current.getNodeId();
        FleetOutlierRule.Majority majority = group == null ? null : outlierRule.majority(group.counts);
        if (majority == null) {
            majorities.remove(es);
        } else {
            majorities.put(es, majority);
        }
        boolean moved = !Objects.equals(before == null ? null : before.signature(),
                majority == null ? null : majority.signature());
        Set<String> candidates = new LinkedHashSet<>();
        if (moved) {
            candidates.addAll(members.keySet());
        } else {
            if (currentId != null && members.containsKey(currentId)) {
                candidates.add(currentId);
            }
            for (String id : outliers.keySet()) {
                if (members.containsKey(id)) {
                    candidates.add(id);
                }
            }
        }
        for (String id : candidates) {
            String sig = group == null ? null : group.signatures.get(id); // null: not live, or declared
            Violation want = sig == null ? null
                    : FleetOutlierRule.verdict(id, environment, service, sig, majority).orElse(null);
            Violation had = outliers.get(id);
            if (want == null ? had == null : had != null && Objects.equals(want.getExpected(), had.getExpected())
                    && Objects.equals(want.getActual(), had.getActual())) {
                continue; // same verdict (the group's counts in the message may have moved: not worth a new status)
            }
            if (want == null) {
                outliers.remove(id);
            } else {
                outliers.put(id, want);
            }
            if (!id.equals(currentId)) {
                reevaluateNode(members.get(id), statusStore.get(id), wall);
            }
        }
    }

    /** A member's signature: the one kept with its last evaluation, else from its stored heartbeat. */
    private String signatureOf(String es, Live member) {
        if (member.signature != null) {
            return member.signature;
        }
        Heartbeat hb = storedHeartbeat(es, member.nodeId);
        return hb == null ? null : FleetOutlierRule.signature(hb);
    }

    private void setServiceAlert(RuleId rule, String es, String service, String environment, Optional<Violation> v,
                                 Declaration decl, Instant triggerSentAt, Instant wall) {
        String fp = Alerts.fingerprint(rule, es, environment);
        Alert stored = alert(fp);
        boolean firing = stored != null && stored.getStatus() == AlertStatus.FIRING;
        if (v.isPresent() && !firing) {
            fire(rule, es, service, environment, null, Map.of(), v.get(), decl, triggerSentAt, wall, es);
        } else if (v.isEmpty() && firing) {
            resolve(rule, es, environment, triggerSentAt, wall, es);
        }
    }

    private void fire(RuleId rule, String subject, String service, String environment, String nodeId,
                      Map<String, String> labels, Violation v, Declaration decl, Instant triggerSentAt, Instant wall,
                      String auditKey) {
        String fp = Alerts.fingerprint(rule, subject, environment);
        Alert stored = alert(fp);
        if (stored != null && stored.getStatus() == AlertStatus.FIRING) {
            return;
        }
        Instant emitted = clock.instant();
        Alert a = Alerts.firing(rule, subject, service, environment, nodeId, labels, v, decl,
                triggerSentAt == null ? wall : triggerSentAt, triggerSentAt, emitted);
        emit(a, auditKey, triggerSentAt, emitted);
        metrics.alertFired(rule.name());
    }

    private void resolve(RuleId rule, String subject, String environment, Instant triggerSentAt, Instant wall,
                         String auditKey) {
        String fp = Alerts.fingerprint(rule, subject, environment);
        Alert stored = alert(fp);
        if (stored == null || stored.getStatus() != AlertStatus.FIRING) {
            return;
        }
        Instant emitted = clock.instant();
        Alert a = Alerts.resolved(stored, triggerSentAt == null ? wall : triggerSentAt, triggerSentAt, emitted);
        emit(a, auditKey, triggerSentAt, emitted);
        metrics.alertResolved(rule.name());
    }

    private void emit(Alert a, String auditKey, Instant triggerSentAt, Instant emitted) {
        alertStore.put(a.getFingerprint(), a);
        alertCache.put(a.getFingerprint(), a);
        ctx.forward(new Record<>(a.getFingerprint(), DetectionOutput.alert(a), emitted.toEpochMilli()));
        forwardAudit(auditKey, Audits.alert(a, emitted), emitted);
        if (triggerSentAt != null) {
            metrics.detectionLatency(Duration.between(triggerSentAt, emitted));
        }
    }

    private void forwardAudit(String key, io.fleetaudit.contracts.AuditEvent e, Instant wall) {
        ctx.forward(new Record<>(key, DetectionOutput.audit(key, e), wall.toEpochMilli()));
    }

    // ---------------------------------------------------------------- helpers

    private Alert alert(String fingerprint) {
        return readThrough(alertCache, alertStore, fingerprint);
    }

    private Declaration declaration(String es) {
        return readThrough(declCache, declStore, es);
    }

    /** A store read through an in-memory cache that this processor keeps in step with its own writes (absent too). */
    private static <V> V readThrough(Map<String, V> cache, KeyValueStore<String, V> store, String key) {
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        V v = store.get(key);
        cache.put(key, v);
        return v;
    }

    private Live index(String nodeId, String environment, String service) {
        Live l = nodes.computeIfAbsent(nodeId, Live::new);
        String es = envService(environment, service);
        l.envService = es;
        l.environment = environment;
        l.service = service;
        services.computeIfAbsent(es, k -> new HashMap<>()).put(nodeId, l);
        return l;
    }

    private void unindex(String nodeId) {
        Live l = nodes.remove(nodeId);
        if (l != null) {
            Map<String, Live> m = services.get(l.envService);
            if (m != null) {
                m.remove(nodeId);
            }
            OutlierGroup g = groups.get(l.envService);
            if (g != null) {
                g.set(nodeId, null);
            }
        }
        outliers.remove(nodeId);
    }

    private void countNode(String service, String environment, NodeState state, long delta) {
        metrics.nodes(service, environment, state.name(), delta);
        localNodeCounts.merge(new NodeCount(service, environment, state), delta, Long::sum);
    }

    /** This task's share of one nodes-per-state gauge. */
    private record NodeCount(String service, String environment, NodeState state) {
    }

    private static boolean materiallyEqual(NodeStatus a, NodeStatus b) {
        return a.getState() == b.getState() && a.getViolations().equals(b.getViolations())
                && a.getArtifacts().equals(b.getArtifacts()) && Objects.equals(a.getConfigHash(), b.getConfigHash())
                && a.getFlags().equals(b.getFlags()) && a.getLabels().equals(b.getLabels())
                && Objects.equals(a.getInstanceId(), b.getInstanceId())
                && Objects.equals(a.getDeclarationCommit(), b.getDeclarationCommit());
    }

    public static String envService(String environment, String service) {
        return HeartbeatPartitioner.envService(environment, service);
    }

    /** The node's last heartbeat with new content, as node-heartbeat-store holds it; null if none. */
    private Heartbeat storedHeartbeat(String envService, String nodeId) {
        return storedHeartbeats.decode(hbStore.get(hbKey(envService, nodeId)), hbChangelog);
    }

    static String hbKey(String envService, String nodeId) {
        return envService + "|" + nodeId;
    }
}
