package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Exemption;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global exemption-store in step with fleet.exemptions.v1 (key exemption id; a tombstone removes it).
 * Exemptions are few, so every task sees all of them and picks those of its own nodes.
 */
public final class ExemptionStoreUpdater implements Processor<String, Exemption, Void, Void> {
    private KeyValueStore<String, Exemption> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.EXEMPTIONS);
    }

    @Override
    public void process(Record<String, Exemption> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
