package io.fleetaudit.schemas.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.fleetaudit.schemas.json.PlainJson;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The registry's small JSON answers read into plain Java values ({@link PlainJson}), and the few conversions the
 * client needs, with the lenient semantics of Jackson's JsonNode {@code asText}/{@code asInt}/{@code asBoolean}.
 * Input: a response body; output: its value.
 */
final class RegistryJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RegistryJson() {
    }

    /** The first JSON value of {@code text}; an empty map for blank text, like readTree's missing node. */
    static Object read(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? Map.of() : PlainJson.value(parser, first);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // a String source cannot fail with plain I/O; keep the parse-error contract
            throw new JsonProcessingException(e.getMessage(), e) {
            };
        }
    }

    /** The field of an object answer, or null when absent, JSON null, or the answer is not an object. */
    static Object get(Object answer, String field) {
        return answer instanceof Map<?, ?> map ? map.get(field) : null;
    }

    static String asText(Object value, String dflt) {
        if (value == null) {
            return dflt;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return "";
        }
        return value.toString();
    }

    static int asInt(Object value, int dflt) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                try {
                    return (int) Double.parseDouble(s.trim());
                } catch (NumberFormatException e2) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    static boolean asBoolean(Object value, boolean dflt) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.intValue() != 0;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if ("true".equals(t)) {
                return true;
            }
            if ("false".equals(t)) {
                return false;
            }
        }
        return dflt;
    }

    /** Whether {@code value} is a number that fits an int (Jackson's canConvertToInt). */
    static boolean isInt(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 32;
        }
        if (value instanceof Double d) {
            return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
        }
        return false;
    }

    /** {@code {"<field>":"<value>"}} with the value quoted by jackson-core. */
    static String object(String field, String value) {
        StringBuilder json = new StringBuilder(value.length() + field.length() + 8).append("{\"").append(field).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        return json.append("\"}").toString();
    }
}
