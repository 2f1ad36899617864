package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.reactivex.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing leaves no thread of the SDK or of the HiveMQ client behind: the connections the SDK builds share one set
 * of I/O threads, which end when the last of them is closed.
 *
 * <p>What stays is RxJava's: its scheduler class starts two daemon housekeeping threads the first time anything
 * in the JVM uses RxJava 2 (the HiveMQ client does), one each whatever the number of clients, and they run for the
 * life of the JVM. The baseline therefore holds them.
 */
class HiveMqThreadsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void startTheBrokerAndRxJava() {
        EmbeddedBroker.shared();
        // starts RxJava's JVM-wide housekeeping threads, as any first use of the HiveMQ client does
        Schedulers.trampoline();
    }

    private static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toSet());
    }

    private static List<String> ioThreads() {
        return live().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("iotjobs-hivemq-"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Waits, without sleeping, until every live thread but those of the broker is one of the baseline's. */
    private static void awaitOnly(Set<Thread> baseline) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Thread> extra = live().stream()
                    .filter(t -> !baseline.contains(t))
                    .filter(t -> !t.getName().startsWith("hivemq-"))
                    .collect(Collectors.toList());
            if (extra.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running " + WAIT.toSeconds() + " s after close: "
                        + extra.stream().map(Thread::getName).collect(Collectors.toList()));
            }
            extra.get(0).join(50);
        }
    }

    private static MqttConnection connected(TransportFactory factory) throws Exception {
        MqttConnection connection = MqttConnectionBuilder.plain(
                        "127.0.0.1", EmbeddedBroker.shared().port())
                .clientId("threads-" + UUID.randomUUID().toString().substring(0, 8))
                .transport(factory)
                .build();
        connection.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return connection;
    }

    private static void roundTrip(MqttConnection connection) throws Exception {
        String topic = "threads/" + UUID.randomUUID();
        LinkedBlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        connection.subscribe(topic, Qos.AT_LEAST_ONCE, received::add).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        connection.publish(topic, new byte[] {1}, Qos.AT_LEAST_ONCE).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("message through " + connection)
                .isNotNull();
    }

    @Test
    void connectionsShareTheIoThreadsAndTheLastCloseEndsEveryThread() throws Exception {
        Set<Thread> baseline = live();
        MqttConnection first = connected(HiveMqTransport.mqtt5());
        MqttConnection second = connected(HiveMqTransport.mqtt311());
        roundTrip(first);
        roundTrip(second);
        assertThat(ioThreads())
                .as("I/O threads of both connections")
                .hasSizeBetween(1, Math.max(1, Runtime.getRuntime().availableProcessors()));

        first.close();
        roundTrip(second);
        assertThat(ioThreads()).as("the I/O threads while a connection is left").isNotEmpty();

        second.close();
        awaitOnly(baseline);
    }

    @Test
    void aConnectionClosedOnItsOwnIoThreadLeavesNoThreadEither() throws Exception {
        Set<Thread> baseline = live();
        MqttConnection connection = MqttConnectionBuilder.plain(
                        "127.0.0.1", EmbeddedBroker.shared().port())
                .transport(HiveMqTransport.mqtt5())
                .build();
        CompletableFuture<String> closedOn = connection.connect().thenApply(sessionPresent -> {
            connection.close();
            return Thread.currentThread().getName();
        });
        assertThat(closedOn.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("iotjobs-hivemq-");

        awaitOnly(baseline);
    }
}
