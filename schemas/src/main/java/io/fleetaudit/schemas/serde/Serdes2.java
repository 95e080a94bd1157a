package io.fleetaudit.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Shortcuts for configured Avro serdes. Input: a record class and a client property map
 * ({@code schema.registry.url}, ...). Output: a ready {@link SpecificAvroSerde}.
 */
public final class Serdes2 {

    private Serdes2() {
    }

    /** A configured value serde for {@code type} (subject {@code <topic>-value}). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> avro(Class<T> type, Map<String, ?> config) {
        return avro(type, config, false);
    }

    /** A configured serde for {@code type}, for keys ({@code <topic>-key}) or values. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> avro(Class<T> type, Map<String, ?> config, boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }
}
