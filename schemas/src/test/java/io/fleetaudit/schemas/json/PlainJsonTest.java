package io.fleetaudit.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {
    private static Object read(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            return PlainJson.value(p, p.nextToken());
        }
    }

    @Test
    void shouldReadEveryKindOfValueInOrder() throws IOException {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("s", "x");
        want.put("i", 3);
        want.put("l", 5_000_000_000L);
        want.put("big", new BigInteger("123456789012345678901234567890"));
        want.put("d", 1.5);
        want.put("t", true);
        want.put("f", false);
        want.put("n", null);
        want.put("a", Arrays.asList(1, "two", null, Map.of("k", "v")));
        assertThat(read("{\"s\":\"x\",\"i\":3,\"l\":5000000000,\"big\":123456789012345678901234567890,"
                + "\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"two\",null,{\"k\":\"v\"}]}"))
                .isEqualTo(want).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("s", "i", "l", "big", "d", "t", "f", "n", "a");
    }

    @Test
    void shouldRejectBrokenJson() {
        assertThatThrownBy(() -> read("{\"a\": [1, 2}")).isInstanceOf(JsonProcessingException.class);
    }
}
