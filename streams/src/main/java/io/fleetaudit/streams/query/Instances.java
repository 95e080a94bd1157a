package io.fleetaudit.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other streams instances and how to ask them: which hosts serve a store (from Kafka Streams' metadata, i.e.
 * their {@code application.server}), and a GET to another instance's query API with the same bearer token,
 * {@code scope=local} so it answers from its own stores without fanning out again.
 */
final class Instances {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    Instances(KafkaStreams streams, HostInfo self, String token, Duration timeout) {
        this.streams = streams;
        this.self = self;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    HostInfo self() {
        return self;
    }

    boolean isSelf(HostInfo h) {
        return self == null || self.equals(h);
    }

    /** Every other instance hosting {@code store}; empty when this instance runs alone (no application.server). */
    List<HostInfo> others(String store) {
        if (self == null) {
            return List.of();
        }
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata m : streams.streamsMetadataForStore(store)) {
            if (!m.hostInfo().equals(self) && m.hostInfo().port() > 0) {
                hosts.add(m.hostInfo());
            }
        }
        return new ArrayList<>(hosts);
    }

    /** The other instance's JSON answer to {@code pathAndQuery}, or null on 404; other failures are 503s naming the host. */
    JsonNode get(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return null;
            }
            if (r.statusCode() != 200) {
                throw ApiException.unavailable("instance " + host.host() + ":" + host.port() + " answered " + r.statusCode() + ": " + r.body());
            }
            return AvroJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw ApiException.unavailable("instance " + host.host() + ":" + host.port() + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }
}
