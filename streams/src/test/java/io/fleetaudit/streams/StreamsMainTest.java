package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsMainTest {
    @Test
    void shouldLoadTheConfigFileAndApplyOverrides(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("streams.properties");
        Files.writeString(f, "bootstrap.servers=k:9092\nfleet.metrics.port=-1\n");
        assertThat(StreamsMain.parse(new String[] {"--config", f.toString(), "--set", "fleet.metrics.port=9999"}))
                .containsEntry("bootstrap.servers", "k:9092").containsEntry("fleet.metrics.port", "9999");
    }

    @Test
    void shouldRejectMissingConfigWithUsageExitCode(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> StreamsMain.parse(new String[] {})).hasMessageContaining("--config");
        assertThat(StreamsMain.run(new String[] {"--bogus"})).isEqualTo(2);
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "bootstrap.servers=k:9092\nfleet.nope=1\n");
        assertThat(StreamsMain.run(new String[] {"--config", f.toString()})).isEqualTo(2);
        // A Kafka Streams key the defaults are derived from is checked before anything connects (no broker here).
        Files.writeString(f, "bootstrap.servers=k:9092\ncommit.interval.ms=soon\n");
        assertThat(StreamsMain.run(new String[] {"--config", f.toString()})).isEqualTo(2);
        Files.writeString(f, "bootstrap.servers=k:9092\nfleet.state.stores=disk\n");
        assertThat(StreamsMain.run(new String[] {"--config", f.toString()})).isEqualTo(2);
    }
}
