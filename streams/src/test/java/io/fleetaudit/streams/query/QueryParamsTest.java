package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {
    private static final Set<String> ALLOWED = Set.of("service", "state", "limit", "cursor");

    @Test
    void shouldDecodeValuesAndTreatEmptyAsAbsent() {
        QueryParams p = QueryParams.parse("service=order%20router&state=&cursor=a%2Fb", ALLOWED);
        assertThat(p.get("service")).isEqualTo("order router");
        assertThat(p.get("state")).isNull();
        assertThat(p.get("cursor")).isEqualTo("a/b");
        assertThat(p.localOnly()).isFalse();
        assertThat(QueryParams.parse("scope=local", ALLOWED).localOnly()).isTrue();
    }

    @Test
    void shouldRejectUnknownRepeatedAndMalformedParameters() {
        assertThatThrownBy(() -> QueryParams.parse("serivce=x", ALLOWED)).isInstanceOf(ApiException.class)
                .hasMessage("unknown parameter 'serivce'; allowed: cursor, limit, service, state")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> QueryParams.parse("service=a&service=b", ALLOWED)).hasMessage("parameter 'service' is given twice");
        assertThatThrownBy(() -> QueryParams.parse("scope=everything", ALLOWED)).hasMessage("parameter 'scope' must be 'local'");
        assertThatThrownBy(() -> QueryParams.parse("service=%zz", ALLOWED)).hasMessageStartingWith("malformed query string");
    }

    @Test
    void shouldBoundTheLimit() {
        assertThat(QueryParams.parse("", ALLOWED).limit(100, 1000)).isEqualTo(100);
        assertThat(QueryParams.parse("", ALLOWED).limit(100, 10)).isEqualTo(10);
        assertThat(QueryParams.parse("limit=1000", ALLOWED).limit(100, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> QueryParams.parse("limit=1001", ALLOWED).limit(100, 1000)).hasMessage("parameter 'limit' must be a whole number from 1 to 1000, got '1001'");
        assertThatThrownBy(() -> QueryParams.parse("limit=ten", ALLOWED).limit(100, 1000)).hasMessageContaining("got 'ten'");
    }

    @Test
    void shouldNormaliseEnumsCaseInsensitively() {
        assertThat(QueryParams.parse("state=drifted", ALLOWED).oneOf("state", List.of("OK", "DRIFTED"), true)).isEqualTo("DRIFTED");
        assertThatThrownBy(() -> QueryParams.parse("state=bad", ALLOWED).oneOf("state", List.of("OK", "DRIFTED"), true))
                .hasMessage("parameter 'state' must be one of [OK, DRIFTED], got 'bad'");
    }
}
