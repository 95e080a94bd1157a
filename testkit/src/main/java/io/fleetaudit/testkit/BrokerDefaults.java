package io.fleetaudit.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker settings for a single combined broker+controller node. Input: the client port (0 = any free port).
 * Output: the server properties handed to KafkaClusterTestKit; callers' overrides are applied on top.
 */
final class BrokerDefaults {

    /** Name of the client listener; the test kit's own "EXTERNAL" listener is left unused (see listeners()). */
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String HOST = "127.0.0.1";

    private BrokerDefaults() {
    }

    static Map<String, String> forPort(int port) {
        Map<String, String> props = new LinkedHashMap<>();
        // The test kit pre-binds a random port for its listener names (EXTERNAL, CONTROLLER) on every build.
        // A listener under another name is bound from this config instead, so the client port can be fixed
        // and kept across a stop/restart, and it listens on loopback only.
        props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ",CONTROLLER://localhost:0");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT");
        props.put("inter.broker.listener.name", CLIENT_LISTENER);

        // One node: every internal topic must fit on it.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");

        // Topics come from the topic catalogue; a typo must fail instead of silently creating a topic.
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));

        // Two shared cores: keep the thread count modest.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");

        // Behave like a released broker (the test kit enables unstable versions by default).
        props.put("unstable.api.versions.enable", "false");
        props.put("unstable.feature.versions.enable", "false");
        return props;
    }
}
