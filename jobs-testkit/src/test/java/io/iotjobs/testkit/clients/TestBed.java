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
import java.nio.charset.StandardCharsets;
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
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What the integration tests of the V1 and V2 clients run against (shared through this module's test jar): a broker (the JVM's shared embedded broker, or the
 * one named by the system property {@code iotjobs.it.broker}), a local Jobs service with a test clock on a
 * connection of its own, and a device connection for the clients under test. Thing names and job ids are
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
        service = LocalJobsService.builder().connection(serviceConnection).clock(clock).build();
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
        MqttConnection connection = MqttConnectionBuilder.plain(broker.getHost(), broker.getPort())
                .clientId(role + "-" + run + "-" + NAMES.incrementAndGet()).build();
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
        control().createJob(JobSpec.builder(jobId).document(document).targets(things).build());
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

    /** A raw MQTT client (plain Paho, no SDK code) for publishing what the SDK never would, and observing. */
    public RawClient raw(String role) {
        RawClient client = new RawClient(broker.toString(), role + "-" + run + "-" + NAMES.incrementAndGet());
        closeables.add(0, client);
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

    /** A message as a raw client received it. */
    public record Received(String topic, String payload) {
    }

    /** A plain Paho v5 client that records what it receives. */
    public static final class RawClient implements AutoCloseable {
        private final MqttAsyncClient mqtt;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        public RawClient(String serverUri, String clientId) {
            try {
                mqtt = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
                mqtt.setCallback(new MqttCallback() {
                    @Override
                    public void disconnected(MqttDisconnectResponse response) {
                        // the tests look at what arrived
                    }

                    @Override
                    public void mqttErrorOccurred(MqttException exception) {
                        // the tests look at the tokens
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void deliveryComplete(IMqttToken token) {
                        // the tests wait on the tokens
                    }

                    @Override
                    public void connectComplete(boolean reconnect, String serverUri) {
                        // the tests wait on the tokens
                    }

                    @Override
                    public void authPacketArrived(int reasonCode, MqttProperties properties) {
                        // no enhanced authentication
                    }
                });
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                options.setAutomaticReconnect(false);
                mqtt.connect(options).waitForCompletion(WAIT.toMillis());
            } catch (MqttException e) {
                throw new AssertionError("raw client could not connect: " + e, e);
            }
        }

        /** Subscribes at QoS 1 and waits for the SUBACK. */
        public RawClient subscribe(String filter) {
            try {
                IMqttToken token = mqtt.subscribe(filter, 1);
                token.waitForCompletion(WAIT.toMillis());
                assertThat(token.getReasonCodes()[0]).as("SUBACK for " + filter).isEqualTo(1);
            } catch (MqttException e) {
                throw new AssertionError("subscribe failed: " + e, e);
            }
            return this;
        }

        /** Publishes at QoS 1 and waits for the PUBACK. */
        public void publish(String topic, String payload) {
            try {
                mqtt.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(
                        WAIT.toMillis());
            } catch (MqttException e) {
                throw new AssertionError("publish failed: " + e, e);
            }
        }

        /** The next message, waiting at most {@link #WAIT}. */
        public Received next() {
            try {
                Received message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    throw new AssertionError("no message within " + WAIT);
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() throws MqttException {
            try {
                if (mqtt.isConnected()) {
                    mqtt.disconnect().waitForCompletion(WAIT.toMillis());
                }
            } finally {
                mqtt.close(true);
            }
        }
    }
}
