package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incoming messages are dispatched through an index of the filters by their first three levels; every listener
 * must still get exactly the messages its filter matches, wildcards in any level included.
 */
class TransportDispatchTest {

    private static final List<String> FILTERS = List.of(
            "$aws/things/+/jobs/#",
            "$aws/things/t1/jobs/+/update/+",
            "$aws/things/t2/jobs/+/update/+",
            "$aws/things/t1/jobs/notify",
            "$aws/#",
            "a/b/c/#",
            "a/b/c",
            "a/+/c",
            "a/b",
            "+/b/c/d",
            "#");

    private static final List<String> TOPICS = List.of(
            "$aws/things/t1/jobs/j/update/accepted",
            "$aws/things/t2/jobs/j/update/rejected",
            "$aws/things/t3/jobs/j/update/accepted",
            "$aws/things/t1/jobs/notify",
            "$aws/things/t1",
            "a/b/c",
            "a/b/c/d",
            "a/x/c",
            "a/b",
            "a",
            "x/b/c/d");

    private InMemoryBroker broker;
    private InMemoryBroker.Client publisher;
    private InMemoryBroker.Client subscriber;

    @BeforeEach
    void setUp() {
        broker = new InMemoryBroker();
        publisher = broker.connect("publisher");
        subscriber = broker.connect("subscriber");
    }

    @AfterEach
    void tearDown() {
        broker.close();
    }

    @Test
    void everyListenerGetsExactlyTheTopicsItsFilterMatches() throws Exception {
        Map<String, Queue<String>> received = subscribeAll(FILTERS);

        publishAll(TOPICS);

        for (String filter : FILTERS) {
            List<String> expected = new ArrayList<>();
            for (String topic : TOPICS) {
                if (Topics.matches(filter, topic)) {
                    expected.add(topic);
                }
            }
            assertThat(received.get(filter)).as("messages for %s", filter).containsExactlyElementsOf(expected);
        }
        assertThat(received.get("a/b/c/#"))
                .as("a multi-level wildcard also matches its parent level")
                .contains("a/b/c");
    }

    @Test
    void withManyThingsOnOneConnectionEachThingHearsOnlyItsOwnReplies() throws Exception {
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            filters.add("$aws/things/thing-" + i + "/jobs/+/update/+");
        }
        Map<String, Queue<String>> received = subscribeAll(filters);

        publishAll(
                List.of("$aws/things/thing-7/jobs/j/update/accepted", "$aws/things/thing-199/jobs/j/update/rejected"));

        for (int i = 0; i < 200; i++) {
            String filter = filters.get(i);
            if (i == 7) {
                assertThat(received.get(filter)).containsExactly("$aws/things/thing-7/jobs/j/update/accepted");
            } else if (i == 199) {
                assertThat(received.get(filter)).containsExactly("$aws/things/thing-199/jobs/j/update/rejected");
            } else {
                assertThat(received.get(filter)).as("messages for %s", filter).isEmpty();
            }
        }
    }

    @Test
    void anUnsubscribedFilterNoLongerReceives() throws Exception {
        Queue<String> exact = new ConcurrentLinkedQueue<>();
        Queue<String> wide = new ConcurrentLinkedQueue<>();
        TransportSubscription handle = subscriber
                .subscribe(
                        "$aws/things/t1/jobs/notify", SubscribeOptions.QOS1, (topic, payload, qos) -> exact.add(topic))
                .get(10, TimeUnit.SECONDS);
        subscriber
                .subscribe("$aws/things/+/jobs/#", SubscribeOptions.QOS1, (topic, payload, qos) -> wide.add(topic))
                .get(10, TimeUnit.SECONDS);

        handle.unsubscribe().get(10, TimeUnit.SECONDS);
        publishAll(List.of("$aws/things/t1/jobs/notify"));

        assertThat(exact).isEmpty();
        assertThat(wide).containsExactly("$aws/things/t1/jobs/notify");
    }

    private Map<String, Queue<String>> subscribeAll(List<String> filters) throws Exception {
        Map<String, Queue<String>> received = new LinkedHashMap<>();
        for (String filter : filters) {
            Queue<String> queue = new ConcurrentLinkedQueue<>();
            received.put(filter, queue);
            subscriber
                    .subscribe(filter, SubscribeOptions.QOS1, (topic, payload, qos) -> queue.add(topic))
                    .get(10, TimeUnit.SECONDS);
        }
        return received;
    }

    private void publishAll(List<String> topics) throws Exception {
        for (String topic : topics) {
            publisher
                    .publish(topic, "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
        }
        subscriber.awaitDelivery();
    }
}
