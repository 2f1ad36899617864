package io.iotjobs.it.load;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.testkit.JobsControl;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the load tests run on: the JVM's shared broker of one kind (receive maximum 100, nothing raised), a local
 * Jobs service with a test clock on a connection of its own, and connections for the clients under test.
 * Names are unique per bed, so tests never see each other's traffic. {@link #close()} closes everything.
 */
final class LoadBed implements AutoCloseable {

    /** How long a test waits for something that should happen. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final AtomicInteger names = new AtomicInteger();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Broker broker;
    private final LocalJobsService service;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private LoadBed(BrokerKind kind) throws Exception {
        broker = Brokers.shared(kind);
        MqttConnection serviceConnection = connect("load-service");
        service = LocalJobsService.builder()
                .connection(serviceConnection)
                .clock(TestClock.create())
                .build();
        closeables.add(0, service);
        await(service.start(), "the service's subscription");
    }

    /**
     * Starts the service on the shared broker of a kind (skipped when that broker is not available).
     *
     * @param kind the broker
     * @return the bed
     * @throws Exception if the broker or the service did not come up
     */
    static LoadBed start(BrokerKind kind) throws Exception {
        return new LoadBed(kind);
    }

    /**
     * A new connected connection with a unique client id; closed with the bed.
     *
     * @param role a name for the client id
     * @return the connection
     * @throws Exception if it did not connect within {@link #WAIT}
     */
    MqttConnection connect(String role) throws Exception {
        MqttConnection connection =
                broker.connectionBuilder().clientId(name(role)).build();
        closeables.add(0, connection);
        await(connection.connect(), "connecting " + role);
        return connection;
    }

    /**
     * New connections with unique client ids, connected in parallel; closed with the bed.
     *
     * @param role a name for the client ids
     * @param count how many
     * @return the connections
     * @throws Exception if one did not connect within {@link #WAIT}
     */
    List<MqttConnection> connectAll(String role, int count) throws Exception {
        List<MqttConnection> connections = new ArrayList<>();
        List<CompletableFuture<Boolean>> connected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MqttConnection connection =
                    broker.connectionBuilder().clientId(name(role)).build();
            closeables.add(0, connection);
            connections.add(connection);
            connected.add(connection.connect());
        }
        await(
                CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)),
                "connecting " + count + " " + role + " connections");
        return connections;
    }

    /**
     * A thing name or job id no other test uses.
     *
     * @param hint the start of the name
     * @return the name
     */
    String name(String hint) {
        return hint + "-" + run + "-" + names.incrementAndGet();
    }

    /**
     * The service's control API.
     *
     * @return the control API
     */
    JobsControl control() {
        return service.control();
    }

    /**
     * Registers something to close with the bed (before what was registered earlier).
     *
     * @param closeable the resource
     * @param <T> its type
     * @return the resource
     */
    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(0, closeable);
        return closeable;
    }

    /**
     * The topic filters a connection holds at the broker now (through the SDK's transport, which subscribes
     * and unsubscribes them).
     *
     * @param connection the connection
     * @return the filters
     */
    static List<String> subscribedFilters(MqttConnection connection) {
        return ((ManagedConnection) ConnectionAccess.transport(connection)).subscribedFilters();
    }

    /**
     * Waits for a future at most {@link #WAIT}.
     *
     * @param future the future
     * @param what what it is, for the failure message
     * @param <T> its value
     * @return its value
     * @throws Exception its failure, or a {@link TimeoutException}
     */
    static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + WAIT, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Polls a condition until it holds (every 10 ms, at most {@code timeout}); for states that no event or
     * future announces, such as a filter released by a timer.
     *
     * @param condition the condition
     * @param timeout the longest wait
     * @param state describes the state when the wait fails
     */
    static void awaitCondition(BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + ": " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Closes the clients, connections and the service, newest first. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing what is left; the test has its result already
            }
        }
        closeables.clear();
    }
}
