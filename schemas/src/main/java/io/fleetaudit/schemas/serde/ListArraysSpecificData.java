package io.fleetaudit.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model the deserializer reads with: the generated classes' own logical-type conversions
 * (e.g. timestamp-millis as {@code Instant}), but arrays decoded into {@link ArrayList}s instead of
 * {@code GenericData.Array}. Input: a generated record class. Output: a shared model for that class.
 * Why: {@code GenericData.Array.equals} compares elements through {@code GenericData.get()}, which has no
 * conversions and throws "Unknown datum type java.time.Instant" when two equal records (e.g. a
 * {@code Declaration} with flag expiries) are compared; plain lists compare like the ones built in code.
 * Avro's fast reader ({@code FastReaderBuilder}, which the deserializer uses) ignores {@link #newArray} and only keeps
 * the list it finds in the field it reads into, so new records start with an empty {@link ArrayList} in every array
 * field ({@link #getNewRecordSupplier}).
 */
final class ListArraysSpecificData extends SpecificData {

    private static final Map<Class<?>, ListArraysSpecificData> MODELS = new ConcurrentHashMap<>();

    private ListArraysSpecificData(Class<?> type) {
        super(type.getClassLoader());
        Set<String> seen = new HashSet<>();
        copyConversions(SpecificData.getForClass(type).getSchema(type), seen);
    }

    static ListArraysSpecificData forClass(Class<?> type) {
        return MODELS.computeIfAbsent(type, ListArraysSpecificData::new);
    }

    @Override
    public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof Collection<?> reused) {
            reused.clear();
            return reused;
        }
        return new ArrayList<>(size);
    }

    @Override
    public InstanceSupplier getNewRecordSupplier(Schema schema) {
        InstanceSupplier supplier = super.getNewRecordSupplier(schema);
        int[] arrays = schema.getFields().stream().filter(f -> f.schema().getType() == Schema.Type.ARRAY)
                .mapToInt(Schema.Field::pos).toArray();
        if (arrays.length == 0) {
            return supplier;
        }
        return (old, s) -> {
            Object created = supplier.newInstance(old, s);
            if (created != old && created instanceof IndexedRecord record) {
                for (int pos : arrays) {
                    record.put(pos, new ArrayList<>());
                }
            }
            return created;
        };
    }

    /** Adds the conversions of every generated class reachable from {@code schema} (nested records have their own). */
    private void copyConversions(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                Class<?> generated = SpecificData.get().getClass(schema);
                if (generated != null) {
                    for (Conversion<?> conversion : SpecificData.getForClass(generated).getConversions()) {
                        if (getConversionByClass(conversion.getConvertedType(), conversion.getRecommendedSchema().getLogicalType()) == null) {
                            addLogicalTypeConversion(conversion);
                        }
                    }
                }
                schema.getFields().forEach(f -> copyConversions(f.schema(), seen));
            }
            case ARRAY -> copyConversions(schema.getElementType(), seen);
            case MAP -> copyConversions(schema.getValueType(), seen);
            case UNION -> schema.getTypes().forEach(t -> copyConversions(t, seen));
            default -> {
            }
        }
    }
}
