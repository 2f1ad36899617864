package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.OfflineQueuePolicy;
import io.iotjobs.core.Qos;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishes leave the queue in the order they were made, even when two threads drain it at once. */
class PublishOrderTest {

    @Test
    void aPublishMadeWhileAnotherThreadIsSendingWaitsItsTurn() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        StubTransport slowFirstWrite = new StubTransport() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
                if (topic.equals("t/1")) {
                    writing.countDown();
                    try {
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                written.add(topic);
                return CompletableFuture.completedFuture(null);
            }
        };
        PublishQueue queue = new PublishQueue(
                slowFirstWrite,
                (topic, e) -> new JobsTransportException(topic, topic, null, false, e),
                () -> new JobsClientClosedException("closed"),
                10,
                OfflineQueuePolicy.FAIL_NEWEST);
        queue.connected(OptionalInt.empty(), OptionalInt.empty());
        CompletableFuture<CompletableFuture<Void>> first =
                CompletableFuture.supplyAsync(() -> queue.publish("t/1", new byte[0], Qos.AT_LEAST_ONCE, false));
        assertThat(writing.await(10, TimeUnit.SECONDS))
                .as("the first publish is being written")
                .isTrue();

        CompletableFuture<Void> second = queue.publish("t/2", new byte[0], Qos.AT_LEAST_ONCE, false);
        assertThat(written).as("the second waits for the first's write").isEmpty();
        release.countDown();

        first.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(written).containsExactly("t/1", "t/2");
    }
}
