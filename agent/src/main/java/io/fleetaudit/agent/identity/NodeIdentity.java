package io.fleetaudit.agent.identity;

import java.util.Map;

/**
 * Who this node is, resolved once at start-up. Input: {@link IdentityResolver}; output: copied into
 * every heartbeat (nodeId is the record key).
 */
public record NodeIdentity(String nodeId, String instanceId, String bootId, String hostname,
                           String service, String environment, Map<String, String> labels) {
  public NodeIdentity {
    labels = Map.copyOf(labels);
  }
}
