package io.iotjobs.testkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobsControl;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What the integration tests of the V1 and V2 clients run against (shared through jobs-test-support): a
 * broker (the JVM's shared embedded broker, or the one named by the system property {@code iotjobs.it.broker}),
 * a local Jobs service with a test clock on a connection of its own, and a device connection for the clients
 * under test, all over the transport the run selected ({@link TestTransports}). Thing names and job ids are
 * unique per call, so tests never see each other's traffic.
 */
public final class TestBed implements AutoCloseable {

    /** How long a test waits for anything that should happen. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final AtomicInteger NAMES = new AtomicInteger();

    public final URI broker;
    public final TestClock clock = TestClock.create();
    public final MqttConnection serviceConnection;
    public final LocalJobsService service;
    public final MqttConnection device;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private TestBed() {
        String external = System.getProperty("iotjobs.it.broker", "");
        broker = URI.create(external.isBlank() ? EmbeddedBroker.shared().serverUri() : external.trim());
        serviceConnection = connect("jobs-service");
        service = LocalJobsService.builder()
                .connection(serviceConnection)
                .clock(clock)
                .build();
        await(service.start());
        device = connect("device");
    }

    /**
     * Starts the service and connects the device connection.
     *
     * @return the test bed
     */
    public static TestBed start() {
        return new TestBed();
    }

    /** A new connected connection with a unique client id; closed with the test bed. */
    public MqttConnection connect(String role) {
        MqttConnection connection = TestTransports.apply(
                        MqttConnectionBuilder.plain(broker.getHost(), broker.getPort()))
                .clientId(role + "-" + run + "-" + NAMES.incrementAndGet())
                .build();
        closeables.add(0, connection);
        await(connection.connect());
        return connection;
    }

    /** A thing name no other test uses. */
    public String newThing(String hint) {
        return "thing-" + hint + "-" + run + "-" + NAMES.incrementAndGet();
    }

    /** A job id no other test uses. */
    public String newJobId(String hint) {
        return hint + "-" + run + "-" + NAMES.incrementAndGet();
    }

    public JobsControl control() {
        return service.control();
    }

    /** Creates a job with a document for the things and returns its id. */
    public String createJob(String hint, JobDocument document, String... things) {
        String jobId = newJobId(hint);
        control()
                .createJob(JobSpec.builder(jobId)
                        .document(document)
                        .targets(things)
                        .build());
        return jobId;
    }

    /** The execution as the service stores it. */
    public JobExecutionData execution(String thing, String jobId) {
        return control().describeJobExecution(thing, jobId).orElseThrow();
    }

    /** The service's time, as it appears in timestamps (whole seconds). */
    public Instant now() {
        return Instant.ofEpochSecond(clock.now().getEpochSecond());
    }

    /**
     * A connected raw MQTT client (plain Paho, no SDK code) for publishing what the SDK never would, and observing;
     * closed with the test bed.
     *
     * @param role what the client is for, the start of its client id
     * @param filters topic filters to subscribe to at QoS 1; each SUBACK must grant QoS 1
     * @return the client
     */
    public RawMqttClient raw(String role, String... filters) {
        RawMqttClient client =
                RawMqttClient.connect(broker.toString(), role + "-" + run + "-" + NAMES.incrementAndGet());
        closeables.add(0, client);
        for (String filter : filters) {
            assertThat(client.subscribe(filter)).as("SUBACK for " + filter).isEqualTo(1);
        }
        return client;
    }

    @Override
    public void close() {
        service.close();
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing what is left; the tests have their results already
            }
        }
    }

    /** Waits for a future, failing the test after {@link #WAIT}. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete within " + WAIT + ": " + e, e);
        }
    }

    /**
     * Records what a callback receives and on which thread, and waits for it.
     *
     * @param <T> what the callback receives
     */
    public static final class Recorder<T> implements Consumer<T> {
        private final BlockingQueue<T> received = new LinkedBlockingQueue<>();
        private final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void accept(T value) {
            threads.add(Thread.currentThread().getName());
            received.add(value);
        }

        /** The next value, waiting at most {@link #WAIT}. */
        public T next() {
            try {
                T value = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (value == null) {
                    throw new AssertionError("nothing received within " + WAIT);
                }
                return value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** What was received and not taken yet, without waiting. */
        public List<T> drain() {
            List<T> rest = new ArrayList<>();
            received.drainTo(rest);
            return rest;
        }

        /** The names of the threads the callback ran on. */
        public List<String> threads() {
            return List.copyOf(threads);
        }

        /** Asserts that every call ran on one of the client's callback threads, never on a Paho thread. */
        public void assertRanOnClientThreads(String prefix) {
            assertThat(threads).allSatisfy(name -> {
                assertThat(name).as("callback thread").doesNotStartWith("MQTT");
                assertThat(name).as("callback thread").startsWith(prefix).contains("-callback-");
            });
        }
    }
}
