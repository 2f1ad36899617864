package io.iotjobs.it.support;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.testkit.FaultInjection;
import io.iotjobs.testkit.JobsControl;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The testkit's local Jobs service on a broker, on a connection of its own (clean start, reconnecting quickly:
 * backoff 50 to 200 ms), for tests that stop and start the broker under it.
 *
 * <p>After a broker restart the service subscribes again by itself, but a device that comes back first may
 * send a request before that and never get an answer. {@link #awaitServing(Duration)} waits until the service
 * answers again, by sending probe requests (GetPendingJobExecutions for a thing of its own, one second each)
 * from a separate probe connection until one is answered.
 *
 * <p>Thread-safe; {@link #close()} closes the service, the probe and both connections.
 */
public final class ServiceFixture implements AutoCloseable {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final MqttConnection connection;
    private final LocalJobsService service;
    private final MqttConnection probeConnection;
    private final IotJobsClientV2 probe;
    private final String probeThing;
    private final Broker broker;

    private ServiceFixture(Broker broker) {
        this.broker = broker;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.connection = broker.connectionBuilder()
                .clientId("it-service-" + suffix)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        this.service = LocalJobsService.builder().connection(connection).build();
        this.probeConnection = broker.connectionBuilder()
                .clientId("it-probe-" + suffix)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        this.probe = IotJobsClientV2.builder(probeConnection)
                .operationTimeout(PROBE_TIMEOUT)
                .build();
        this.probeThing = "probe-" + suffix;
    }

    /**
     * Starts a service on the broker and waits until it is subscribed (at most 30 s).
     *
     * @param broker the broker
     * @return the serving fixture
     * @throws IllegalStateException if it could not start
     */
    public static ServiceFixture start(Broker broker) {
        ServiceFixture fixture = new ServiceFixture(broker);
        try {
            fixture.connection.connect().get(30, TimeUnit.SECONDS);
            fixture.service.start().get(30, TimeUnit.SECONDS);
            fixture.probeConnection.connect().get(30, TimeUnit.SECONDS);
            return fixture;
        } catch (ExecutionException | TimeoutException e) {
            fixture.close();
            throw new IllegalStateException("the local Jobs service did not start on " + broker + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fixture.close();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The control API.
     *
     * @return the control API
     */
    public JobsControl control() {
        return service.control();
    }

    /**
     * The fault injection switches.
     *
     * @return the faults
     */
    public FaultInjection faults() {
        return service.faults();
    }

    /**
     * The service.
     *
     * @return the service
     */
    public LocalJobsService service() {
        return service;
    }

    /**
     * The service's own connection.
     *
     * @return the connection
     */
    public MqttConnection connection() {
        return connection;
    }

    /**
     * Waits until the service answers requests (see the class description).
     *
     * @param timeout the longest wait
     * @throws IllegalStateException if it does not answer in time
     * @throws InterruptedException if interrupted
     */
    public void awaitServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                probe.getPendingJobExecutions(GetPendingJobExecutionsRequest.builder()
                                .thingName(probeThing)
                                .build())
                        .get(PROBE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
        }
        throw new IllegalStateException(
                "the local Jobs service did not answer within " + timeout + " (service "
                        + connection + ", probe " + probeConnection + ", " + broker.diagnostics() + "): " + last
                        + threadsOf(connection.clientId(), probeConnection.clientId()),
                last);
    }

    /** The stacks of the threads serving these client ids, for a failure message. */
    private static String threadsOf(String... clientIds) {
        StringBuilder text = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (String id : clientIds) {
                if (thread.getName().endsWith(id)) {
                    text.append("\n--- ")
                            .append(thread.getName())
                            .append(" (")
                            .append(thread.getState())
                            .append(')');
                    for (StackTraceElement frame : stack) {
                        text.append("\n    at ").append(frame);
                    }
                }
            }
        });
        return text.toString();
    }

    /**
     * Closes the probe, the service and both connections. Idempotent.
     */
    @Override
    public void close() {
        probe.close();
        probeConnection.close();
        service.close();
        connection.close();
    }
}
