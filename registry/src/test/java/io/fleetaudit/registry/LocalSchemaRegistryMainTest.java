package io.fleetaudit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchemaRegistryMainTest {

    @TempDir
    Path tmp;

    @Test
    void shouldMergeAConfigFileWithKeyValueOverrides() throws Exception {
        Path file = Files.writeString(tmp.resolve("registry.properties"),
                "kafkastore.bootstrap.servers=k:9092\nport=18081\nkafkastore.topic=_schemas_file\n");
        assertThat(LocalSchemaRegistryMain.parseArgs("--config", file.toString(), "port=0", "host=0.0.0.0"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("kafkastore.bootstrap.servers", "k:9092", "port", "0",
                        "kafkastore.topic", "_schemas_file", "host", "0.0.0.0"));
    }

    @Test
    void shouldRejectArgumentsThatAreNotKeyValues() {
        assertThatThrownBy(() -> LocalSchemaRegistryMain.parseArgs("--verbose"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--verbose'");
        assertThatThrownBy(() -> LocalSchemaRegistryMain.parseArgs("--config"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a file");
    }

    @Test
    void shouldExitWithUsageOnABadConfigurationBeforeTouchingKafka() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalSchemaRegistryMain.run(Map.of("kafkastore.bootstrap.servers", "k:9092", "listeners", "ftp://x:1"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                CompletableFuture.completedFuture(null));
        assertThat(exit).isEqualTo(LocalSchemaRegistryMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid configuration", "listeners", "only http://");
    }

    @Test
    void shouldDocumentEveryKeyInTheUsage() {
        String usage = LocalSchemaRegistryMain.usage();
        RegistryConfig.CONFIG_DEF.names().forEach(name -> assertThat(usage).contains(name));
        assertThat(usage).contains("kafkastore.<kafka client property>");
    }
}
