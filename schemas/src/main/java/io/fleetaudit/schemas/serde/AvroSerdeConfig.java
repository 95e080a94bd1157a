package io.fleetaudit.schemas.serde;

import io.fleetaudit.schemas.registry.SchemaRegistryClientConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed configuration of the Avro serde: the registry client keys of {@link SchemaRegistryClientConfig}
 * plus Confluent's serializer keys ({@code auto.register.schemas}, {@code use.latest.version},
 * {@code specific.avro.key.type}/{@code specific.avro.value.type}, {@code *.subject.name.strategy}).
 * Input: the producer/consumer/streams property map. Output: validated values; a subject name strategy
 * other than TopicNameStrategy fails fast, naming the only allowed value.
 */
public final class AvroSerdeConfig extends SchemaRegistryClientConfig {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Confluent's class name, accepted so that existing property files keep working. */
    static final String TOPIC_NAME_STRATEGY = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

    private static final ConfigDef CONFIG = SchemaRegistryClientConfig.addTo(new ConfigDef())
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under the topic's subject on first use; false = look up its id.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "With auto.register.schemas=false: write with the subject's latest registered schema and its id "
                            + "(ignored while auto.register.schemas=true, as in Confluent's serializer).")
            .define(SPECIFIC_AVRO_KEY_TYPE, Type.CLASS, null, Importance.LOW,
                    "SpecificRecord class of keys, for serdes created by class name.")
            .define(SPECIFIC_AVRO_VALUE_TYPE, Type.CLASS, null, Importance.LOW,
                    "SpecificRecord class of values, for serdes created by class name.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
                    "Only TopicNameStrategy (<topic>-key) is supported.")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
                    "Only TopicNameStrategy (<topic>-value) is supported.");

    public AvroSerdeConfig(Map<String, ?> props) {
        super(CONFIG, props);
        for (String key : new String[] {KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY}) {
            String strategy = getString(key);
            if (!strategy.equals(TOPIC_NAME_STRATEGY) && !strategy.equals("TopicNameStrategy")) {
                throw new ConfigException(key, strategy, "only TopicNameStrategy is supported (allowed: "
                        + TOPIC_NAME_STRATEGY + ")");
            }
        }
    }

    public static ConfigDef configDef() {
        return CONFIG;
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    /** The configured record class for keys or values, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
