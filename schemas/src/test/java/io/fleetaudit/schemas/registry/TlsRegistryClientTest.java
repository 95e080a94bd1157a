package io.fleetaudit.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema.registry.ssl.* settings against a real HTTPS server that requires a client certificate
 * (mutual TLS). Stores are made with the JDK's keytool: one self-signed certificate for 127.0.0.1,
 * used both as the server's and the client's identity, and trusted by both sides.
 */
class TlsRegistryClientTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static Path keystore;
    private static Path truststore;

    @BeforeAll
    static void start() throws Exception {
        keystore = dir.resolve("registry.p12");
        truststore = dir.resolve("trust.p12");
        Path cert = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);

        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore));
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/subjects", exchange -> {
            byte[] body = "[\"tls-value\"]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Map<String, Object> cfg(boolean withKeystore) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("schema.registry.url", "https://127.0.0.1:" + server.getAddress().getPort());
        cfg.put("schema.registry.max.retries", 0);
        cfg.put("schema.registry.ssl.truststore.location", truststore.toString());
        cfg.put("schema.registry.ssl.truststore.password", PASSWORD);
        cfg.put("schema.registry.ssl.truststore.type", "PKCS12");
        if (withKeystore) {
            cfg.put("schema.registry.ssl.keystore.location", keystore.toString());
            cfg.put("schema.registry.ssl.keystore.password", PASSWORD);
            cfg.put("schema.registry.ssl.keystore.type", "PKCS12");
        }
        return cfg;
    }

    @Test
    void shouldTalkMutualTlsWithTheConfiguredStores() {
        assertThat(SchemaRegistryClients.create(cfg(true)).getSubjects()).containsExactly("tls-value");
    }

    @Test
    void shouldFailClearlyWithoutAClientCertificate() {
        SchemaRegistryClient client = SchemaRegistryClients.create(cfg(false));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::getSubjects);

        assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
        assertThat(e.getMessage()).contains("https://127.0.0.1:" + server.getAddress().getPort() + " (")
                .doesNotContain(PASSWORD);
    }

    @Test
    void shouldNotTrustTheServerWithTheDefaultTrustStore() {
        Map<String, Object> cfg = cfg(true);
        cfg.remove("schema.registry.ssl.truststore.location");
        cfg.remove("schema.registry.ssl.truststore.password");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> SchemaRegistryClients.create(cfg).getSubjects());

        assertThat(e.getMessage()).contains("SSLHandshakeException");
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(path.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool is a short-lived JVM: skip the optimizing JIT, it only slows start-up down.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
