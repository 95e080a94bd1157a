package io.fleetaudit.schemas.registry;

import static io.fleetaudit.schemas.registry.FakeRegistryServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.fixtures.Contracts;
import io.fleetaudit.schemas.serde.Serdes2;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serde over the REST client: ids come from HTTP, each id is fetched once, failures are not cached. */
class SerdeOverHttpTest {

    private static final String TOPIC = "fleet.heartbeats.v1";
    private FakeRegistryServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeRegistryServer();
        String schemaJson = new ObjectMapper().createObjectNode().put("schema", Heartbeat.getClassSchema().toString()).toString();
        server.on("POST /subjects/" + TOPIC + "-value/versions", ok("{\"id\":77}"));
        server.on("GET /schemas/ids/77", ok(schemaJson));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Object> cfg(String url) {
        return Map.of("schema.registry.url", url, "schema.registry.max.retries", 0, "schema.registry.connect.timeout.ms", 2000);
    }

    @Test
    void shouldRegisterOnceAndFetchEachIdOnce() {
        SpecificAvroSerde<Heartbeat> producer = Serdes2.avro(Heartbeat.class, cfg(server.url()));
        SpecificAvroSerde<Heartbeat> consumer = Serdes2.avro(Heartbeat.class, cfg(server.url()));

        for (int i = 0; i < 5; i++) {
            Heartbeat heartbeat = Heartbeat.newBuilder(Contracts.heartbeat()).setSequence(i).build();
            byte[] bytes = producer.serializer().serialize(TOPIC, heartbeat);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(77);
            assertThat(consumer.deserializer().deserialize(TOPIC, bytes)).isEqualTo(heartbeat);
        }

        assertThat(server.count("POST", "/subjects/" + TOPIC + "-value/versions")).isEqualTo(1);
        assertThat(server.count("GET", "/schemas/ids/77")).isEqualTo(1);
    }

    @Test
    void shouldNotCacheARegistryOutage() throws IOException {
        byte[] bytes = Serdes2.avro(Heartbeat.class, cfg(server.url())).serializer().serialize(TOPIC, Contracts.heartbeat());
        String dead = "http://127.0.0.1:" + RestSchemaRegistryClientTest.freePort();
        SpecificAvroSerde<Heartbeat> consumer = Serdes2.avro(Heartbeat.class, cfg(dead + "," + server.url()));
        server.on("GET /schemas/ids/77", FakeRegistryServer.error(500, 50001, "Error in the backend data store"),
                ok(new ObjectMapper().createObjectNode().put("schema", Heartbeat.getClassSchema().toString()).toString()));

        SerializationException e = catchThrowableOfType(SerializationException.class,
                () -> consumer.deserializer().deserialize(TOPIC, bytes));

        assertThat(e).hasMessageStartingWith("Could not fetch writer schema id 77 for topic " + TOPIC + ": ")
                .hasMessageContaining("answered 500 (error_code 50001)");
        assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.class);
        assertThat(((SchemaRegistryException) e.getCause()).status()).isEqualTo(500);
        assertThat(consumer.deserializer().deserialize(TOPIC, bytes)).isEqualTo(Contracts.heartbeat());
    }
}
