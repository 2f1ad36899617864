package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.OfflineQueuePolicy;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded offline queue and its policies, and connect() retrying until its deadline. */
class OfflineQueueAndConnectRetryTest {

    private final InMemoryBroker broker = new InMemoryBroker();

    @AfterEach
    void tearDown() {
        broker.close();
    }

    private static ConnectPolicy queue(int limit, OfflineQueuePolicy policy) {
        return new ConnectPolicy(
                Duration.ofSeconds(10),
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ZERO,
                limit,
                policy);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JobsTransportException failure(CompletableFuture<?> future) {
        Throwable cause = null;
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            cause = e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not fail", e);
        }
        assertThat(cause).isInstanceOf(JobsTransportException.class);
        return (JobsTransportException) cause;
    }

    @Test
    void failNewestFailsThePublishThatFindsTheQueueFullAndSendsTheRestInOrder() throws Exception {
        InMemoryBroker.Client a = broker.connect("a", queue(2, OfflineQueuePolicy.FAIL_NEWEST));
        a.dropConnection(null);
        CompletableFuture<Void> first = a.publish("t/1", bytes("1"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> second = a.publish("t/2", bytes("2"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> third = a.publish("t/3", bytes("3"), Qos.AT_LEAST_ONCE);
        JobsTransportException overflow = failure(third);
        assertThat(overflow)
                .hasMessageContaining("offline queue is full")
                .hasMessageContaining("2 publishes waiting")
                .hasMessageContaining("FAIL_NEWEST");
        assertThat(overflow.isOutcomeUnknown()).as("never sent").isFalse();
        assertThat(overflow.topic()).contains("t/3");
        a.restoreConnection(true);
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(a.publishedTopics()).containsExactly("t/1", "t/2");
    }

    @Test
    void failOldestFailsTheOldestQueuedPublishAndKeepsTheNewOne() throws Exception {
        InMemoryBroker.Client a = broker.connect("a", queue(2, OfflineQueuePolicy.FAIL_OLDEST));
        a.dropConnection(null);
        CompletableFuture<Void> first = a.publish("t/1", bytes("1"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> second = a.publish("t/2", bytes("2"), Qos.AT_MOST_ONCE);
        CompletableFuture<Void> third = a.publish("t/3", bytes("3"), Qos.AT_LEAST_ONCE);
        assertThat(failure(first)).hasMessageContaining("offline queue is full").hasMessageContaining("FAIL_OLDEST");
        a.restoreConnection(true);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThat(a.publishedTopics()).containsExactly("t/2", "t/3");
    }

    @Test
    void whileConnectedTheLimitDoesNotApplyTheWindowDoes() throws Exception {
        InMemoryBroker.Client a = broker.connect("a", queue(1, OfflineQueuePolicy.FAIL_NEWEST));
        a.receiveMaximum(1);
        a.holdAcks();
        CompletableFuture<Void> one = a.publish("t/1", bytes("1"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> two = a.publish("t/2", bytes("2"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> three = a.publish("t/3", bytes("3"), Qos.AT_LEAST_ONCE);
        a.releaseAcks();
        for (CompletableFuture<Void> f : java.util.List.of(one, two, three)) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(a.publishedTopics()).containsExactly("t/1", "t/2", "t/3");
    }

    @Test
    void aQueuedPublishFailedByItsCallerIsNeverSent() throws Exception {
        InMemoryBroker.Client a = broker.connect("a", queue(10, OfflineQueuePolicy.FAIL_NEWEST));
        a.dropConnection(null);
        CompletableFuture<Void> abandoned = a.publish("t/1", bytes("1"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> kept = a.publish("t/2", bytes("2"), Qos.AT_LEAST_ONCE);
        abandoned.completeExceptionally(new IllegalStateException("timed out"));
        a.restoreConnection(true);
        kept.get(10, TimeUnit.SECONDS);
        assertThat(a.publishedTopics()).containsExactly("t/2");
    }

    // ------------------------------------------------------------------------------------ connect retry

    private static ConnectPolicy retry(Duration timeout) {
        return new ConnectPolicy(
                Duration.ofSeconds(10),
                true,
                Duration.ofMillis(1),
                Duration.ofMillis(4),
                timeout,
                ConnectPolicy.DEFAULT_OFFLINE_QUEUE_LIMIT,
                OfflineQueuePolicy.FAIL_NEWEST);
    }

    @Test
    void connectRetriesWithTheBackoffUntilAnAttemptSucceeds() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(3);
        ManagedConnection connection = new ManagedConnection(transport, retry(Duration.ofMinutes(5)));
        try {
            assertThat(connection.connect().get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(transport.attempts.get()).isEqualTo(4);
            assertThat(connection.isConnected()).isTrue();
        } finally {
            connection.close();
        }
    }

    @Test
    void withoutRetryTheFirstFailureFailsConnect() {
        ScriptedTransport transport = new ScriptedTransport(1);
        ManagedConnection connection = new ManagedConnection(transport, retry(Duration.ZERO));
        try {
            assertThat(failure(connection.connect())).hasMessageContaining("connection refused #1");
            assertThat(transport.attempts.get()).isEqualTo(1);
        } finally {
            connection.close();
        }
    }

    @Test
    void afterTheDeadlineConnectFailsWithTheLastAttemptsCause() {
        ScriptedTransport transport = new ScriptedTransport(Integer.MAX_VALUE);
        ManagedConnection connection = new ManagedConnection(transport, retry(Duration.ofMillis(50)));
        try {
            JobsTransportException failure = failure(connection.connect());
            int attempts = transport.attempts.get();
            assertThat(attempts).isGreaterThan(1);
            assertThat(failure).hasMessageContaining("connection refused #" + attempts);
            assertThat(connection.isConnected()).isFalse();
        } finally {
            connection.close();
        }
    }

    @Test
    void closeEndsTheRetriesAndFailsConnect() {
        ScriptedTransport transport = new ScriptedTransport(Integer.MAX_VALUE);
        ManagedConnection connection = new ManagedConnection(transport, retry(Duration.ofHours(1)));
        CompletableFuture<Boolean> connecting = connection.connect();
        transport.awaitAttempts(2);
        connection.close();
        assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.iotjobs.core.JobsClientClosedException.class);
    }

    /** Refuses the first {@code failures} connects, then accepts. */
    private static final class ScriptedTransport extends StubTransport {
        final AtomicInteger attempts = new AtomicInteger();
        private final int failures;

        ScriptedTransport(int failures) {
            this.failures = failures;
        }

        void awaitAttempts(int n) {
            synchronized (attempts) {
                while (attempts.get() < n) {
                    try {
                        attempts.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }

        @Override
        public CompletableFuture<ConnAck> connect() {
            int n;
            synchronized (attempts) {
                n = attempts.incrementAndGet();
                attempts.notifyAll();
            }
            if (n <= failures) {
                return CompletableFuture.failedFuture(
                        new TransportException(TransportException.Kind.FAILED, "connection refused #" + n, null, null));
            }
            return CompletableFuture.completedFuture(ConnAck.of(false));
        }
    }
}
