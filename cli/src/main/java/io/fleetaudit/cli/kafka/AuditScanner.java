package io.fleetaudit.cli.kafka;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a time window of the audit topic without reading it all: on every partition it starts at the offset
 * {@code offsetsForTimes(since)} returns (the beginning when there is no lower bound), and stops at the end offsets
 * captured at start, or earlier at {@code offsetsForTimes(until + grace)} (record timestamps are event times, which
 * may trail by up to the streams app's clock skew bound). Events are filtered by their own {@code at} and returned
 * in time order. A progress line goes to stderr on long scans.
 */
public final class AuditScanner {
    /** Records of events at or before {@code until} may carry a timestamp a little later; read this far past it. */
    public static final Duration UNTIL_GRACE = Duration.ofMinutes(5);

    private final KafkaClients clients;
    private final Duration timeout;

    public AuditScanner(KafkaClients clients, Duration timeout) {
        this.clients = clients;
        this.timeout = timeout;
    }

    /** Events with {@code since <= at <= until} (either bound may be null) that match {@code filter}, oldest first. */
    public List<AuditEvent> scan(Instant since, Instant until, Predicate<AuditEvent> filter, Progress progress) {
        List<AuditEvent> out = new ArrayList<>();
        scan(since, until, filter, out::add, progress);
        out.sort(Comparator.comparing(AuditEvent::getAt));
        return out;
    }

    /** Streams matching events to {@code sink} in partition order (not globally sorted), keeping nothing in memory. */
    public void scan(Instant since, Instant until, Predicate<AuditEvent> filter, Consumer<AuditEvent> sink, Progress progress) {
        TopicSpec<String, AuditEvent> spec = clients.topics().audit();
        try (KafkaConsumer<String, AuditEvent> consumer = clients.consumer(spec)) {
            List<PartitionInfo> infos = consumer.partitionsFor(spec.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw CliException.failure("topic " + spec.name() + " does not exist on " + clients.config().get("bootstrap.servers")
                        + ": has the streams app run against this cluster?", null);
            }
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(tps, timeout));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, timeout);
            if (until != null) {
                Map<TopicPartition, OffsetAndTimestamp> stop = consumer.offsetsForTimes(timestamps(tps, until.plus(UNTIL_GRACE)), timeout);
                stop.forEach((tp, o) -> {
                    if (o != null) {
                        end.put(tp, Math.min(end.get(tp), o.offset()));
                    }
                });
            }
            Map<TopicPartition, Long> start = new HashMap<>(begin);
            if (since != null) {
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(timestamps(tps, since), timeout);
                for (TopicPartition tp : tps) {
                    OffsetAndTimestamp o = found.get(tp);
                    start.put(tp, o == null ? end.get(tp) : o.offset());
                }
            }
            long total = 0;
            for (TopicPartition tp : tps) {
                long s = Math.min(start.get(tp), end.get(tp));
                consumer.seek(tp, s);
                total += end.get(tp) - s;
            }
            List<TopicPartition> open = new ArrayList<>(tps);
            consumer.pause(open.stream().filter(tp -> start.get(tp) >= end.get(tp)).toList());
            open.removeIf(tp -> start.get(tp) >= end.get(tp));
            long done = 0;
            Instant deadline = Instant.now().plus(timeout);
            while (!open.isEmpty()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty() && Instant.now().isAfter(deadline)) {
                    throw CliException.failure("timed out after " + timeout.toSeconds() + "s without progress reading " + spec.name(), null);
                }
                for (ConsumerRecord<String, AuditEvent> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    done++;
                    AuditEvent e = r.value();
                    if (e != null && (since == null || !e.getAt().isBefore(since)) && (until == null || !e.getAt().isAfter(until)) && filter.test(e)) {
                        sink.accept(e);
                    }
                }
                if (!records.isEmpty()) {
                    deadline = Instant.now().plus(timeout);
                }
                List<TopicPartition> finished = open.stream().filter(tp -> consumer.position(tp) >= end.get(tp)).toList();
                if (!finished.isEmpty()) {
                    open.removeAll(finished);
                    consumer.pause(finished);
                }
                progress.update(done, total);
            }
            progress.done(done);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw clients.unreachable(e);
        }
    }

    private static Map<TopicPartition, Long> timestamps(List<TopicPartition> tps, Instant t) {
        Map<TopicPartition, Long> m = new HashMap<>();
        tps.forEach(tp -> m.put(tp, t.toEpochMilli()));
        return m;
    }
}
