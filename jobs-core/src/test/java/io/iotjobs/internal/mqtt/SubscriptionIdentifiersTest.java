package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.Qos;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that sends one copy of a message per matching subscription (Mosquitto does) marks each copy with its
 * subscription identifier; the connection hands each copy to the listeners of that subscription only, so listeners
 * of overlapping filters each get every message once.
 */
class SubscriptionIdentifiersTest {

    private final InMemoryBroker broker = new InMemoryBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void overlappingFiltersGetEachCopyOnceWhenTheBrokerCopiesPerSubscription() throws Exception {
        broker.copyPerSubscription(true);
        assertThat(deliveriesToOverlappingFilters())
                .containsExactly("plus:a/x/state", "hash:a/x/state", "exact:a/x/state");
    }

    @Test
    void overlappingFiltersGetTheOneCopyOnceWhenTheBrokerSendsOneCopyWithEveryIdentifier() throws Exception {
        broker.copyPerSubscription(false);
        assertThat(deliveriesToOverlappingFilters())
                .containsExactly("plus:a/x/state", "hash:a/x/state", "exact:a/x/state");
    }

    @Test
    void withoutIdentifiersEachListenerOfAMatchingFilterGetsEveryCopy() throws Exception {
        // what MQTT 3.1.1 (or a broker without identifiers) leaves: the copies cannot be told apart
        broker.subscriptionIdentifiers(false);
        broker.copyPerSubscription(true);
        assertThat(deliveriesToOverlappingFilters()).hasSize(9);
    }

    @Test
    void withoutIdentifiersABrokerThatSendsOneCopyStillMeansOneDeliveryPerListener() throws Exception {
        broker.subscriptionIdentifiers(false);
        broker.copyPerSubscription(false);
        assertThat(deliveriesToOverlappingFilters()).hasSize(3);
    }

    private List<String> deliveriesToOverlappingFilters() throws Exception {
        InMemoryBroker.Client device = broker.connect("device");
        List<String> seen = new CopyOnWriteArrayList<>();
        for (String[] filter : new String[][] {{"plus", "a/+/state"}, {"hash", "a/#"}, {"exact", "a/x/state"}}) {
            device.subscribe(
                            filter[1],
                            SubscribeOptions.QOS1,
                            (topic, payload, qos) -> seen.add(filter[0] + ":" + topic))
                    .get(10, TimeUnit.SECONDS);
        }
        device.publish("a/x/state", "m".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .get(10, TimeUnit.SECONDS);
        device.awaitDelivery();
        return seen.stream().sorted((x, y) -> order(x) - order(y)).toList();
    }

    private static int order(String delivery) {
        return delivery.startsWith("plus") ? 0 : delivery.startsWith("hash") ? 1 : 2;
    }
}
