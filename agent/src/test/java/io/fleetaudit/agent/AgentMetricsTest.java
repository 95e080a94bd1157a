package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  @Test
  void shouldExposeTheAgentMetersOnThePrometheusEndpoint() throws Exception {
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    AgentMetrics metrics = new AgentMetrics(registry, "n1");
    metrics.sent();
    metrics.sent();
    metrics.sendFailed();
    metrics.filesHashed(7);
    metrics.pending(true);
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("fleet_audit_agent_heartbeats_sent_total{node=\"n1\"} 2.0")
          .contains("fleet_audit_agent_send_failures_total{node=\"n1\"} 1.0")
          .contains("fleet_audit_agent_files_hashed_total{node=\"n1\"} 7.0")
          .contains("fleet_audit_agent_heartbeats_pending{node=\"n1\"} 1.0")
          .contains("fleet_audit_agent_collect_duration_seconds");
    }
  }

  @Test
  void shouldCountWithoutARegistry() {
    AgentMetrics metrics = new AgentMetrics(null, "n1");
    metrics.sent();
    metrics.sendFailed();
    metrics.filesHashed(3);
    metrics.collected(1_000_000);
    assertThat(metrics.sentCount()).isEqualTo(1.0);
    assertThat(metrics.failureCount()).isEqualTo(1.0);
    assertThat(metrics.filesHashedCount()).isEqualTo(3.0);
  }
}
