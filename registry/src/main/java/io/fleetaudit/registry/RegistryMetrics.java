package io.fleetaudit.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Owns the registry's meter names and tags. Input: the {@link MeterRegistry} the host process uses; output:
 * {@code fleetaudit.registry.http.requests} (timer; method, route template, status),
 * {@code fleetaudit.registry.registrations} (counter; outcome new|existing|incompatible|conflict),
 * {@code fleetaudit.registry.schemas} (gauge; distinct schema ids) and {@code fleetaudit.registry.store.up}
 * (gauge; 1 while the store reader runs), both tagged with the store topic.
 */
public final class RegistryMetrics {

    static final String REQUESTS = "fleetaudit.registry.http.requests";
    static final String REGISTRATIONS = "fleetaudit.registry.registrations";
    static final String SCHEMAS = "fleetaudit.registry.schemas";
    static final String STORE_UP = "fleetaudit.registry.store.up";

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String method, String route, int status, Duration elapsed) {
        Timer.builder(REQUESTS).tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(elapsed);
    }

    void registration(String outcome) {
        Counter.builder(REGISTRATIONS).tag("outcome", outcome).register(registry).increment();
    }

    /** Gauges are tagged with the store topic, so registries on different topics can share a MeterRegistry. */
    void bindState(String topic, IntSupplier schemaCount, BooleanSupplier storeUp) {
        // Strong references: the suppliers are lambdas nobody else holds, and a weakly held gauge reads NaN after GC.
        gauges.add(Gauge.builder(SCHEMAS, schemaCount, IntSupplier::getAsInt).tag("topic", topic)
                .strongReference(true).register(registry));
        gauges.add(Gauge.builder(STORE_UP, storeUp, up -> up.getAsBoolean() ? 1 : 0).tag("topic", topic)
                .strongReference(true).register(registry));
    }

    /** Removes the gauges, which would otherwise keep a closed registry's state reachable. */
    void unbindState() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
