package io.fleetaudit.agent;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Optional Prometheus scrape endpoint ({@code GET /metrics}) on the JDK's HttpServer, bound to
 * {@code metrics.host} (127.0.0.1 by default) and {@code metrics.port}; off unless the port is set.
 * Input: the agent's {@link PrometheusMeterRegistry}; output: the text exposition format.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 4);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(body);
        }
      }
    });
    server.start();
    return new MetricsEndpoint(server, registry);
  }

  /** The registry it serves, for the agent's meters. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
