package org.apache.kafka.clients.admin;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * An in-memory {@link Admin} answering listTopics and createTopics only (anything else throws), for
 * unit tests of topic provisioning. It lives in Kafka's package because ListTopicsResult's constructor
 * is package-private. Topics named in {@link #raceOn} are reported as created concurrently by someone else.
 */
public final class FakeAdmin {

    public final Map<String, NewTopic> topics = new ConcurrentHashMap<>();
    public final List<NewTopic> createRequests = new CopyOnWriteArrayList<>();
    public final Set<String> raceOn = ConcurrentHashMap.newKeySet();

    public Admin admin() {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "listTopics": {
                    Map<String, TopicListing> listings = new HashMap<>();
                    topics.keySet().forEach(n -> listings.put(n, new TopicListing(n, Uuid.randomUuid(), false)));
                    KafkaFutureImpl<Map<String, TopicListing>> future = new KafkaFutureImpl<>();
                    future.complete(listings);
                    return new ListTopicsResult(future);
                }
                case "createTopics": {
                    @SuppressWarnings("unchecked")
                    Collection<NewTopic> requested = (Collection<NewTopic>) args[0];
                    Map<String, org.apache.kafka.common.KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> futures = new LinkedHashMap<>();
                    for (NewTopic topic : requested) {
                        createRequests.add(topic);
                        KafkaFutureImpl<CreateTopicsResult.TopicMetadataAndConfig> future = new KafkaFutureImpl<>();
                        if (raceOn.contains(topic.name()) || topics.putIfAbsent(topic.name(), topic) != null) {
                            future.completeExceptionally(new TopicExistsException("Topic '" + topic.name() + "' already exists."));
                        } else {
                            future.complete(null);
                        }
                        futures.put(topic.name(), future);
                    }
                    return new CreateTopicsResult(futures) {
                    };
                }
                case "close":
                    return null;
                default:
                    throw new UnsupportedOperationException("FakeAdmin does not implement " + method.getName());
            }
        });
    }
}
