package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.FaultInjection;
import io.iotjobs.testkit.HttpControlApi;
import io.iotjobs.testkit.JobsControl;
import io.iotjobs.testkit.LocalJobsService;

/**
 * An embedded MQTT broker with the local Jobs service on it, both in this process: what the samples use when
 * no AWS endpoint or broker is given. The service has a connection of its own (it must not share the
 * device's); devices connect with {@link #connectDevice(String)}. Jobs are created through {@link #control()},
 * which stands in for the AWS IoT control plane.
 */
public final class LocalJobs implements AutoCloseable {

    private final EmbeddedBroker broker;
    private final MqttConnection serviceConnection;
    private final LocalJobsService service;

    private LocalJobs(EmbeddedBroker broker, MqttConnection serviceConnection, LocalJobsService service) {
        this.broker = broker;
        this.serviceConnection = serviceConnection;
        this.service = service;
    }

    /**
     * Starts a broker on a free loopback port and the service on it; blocks until both run (one to two
     * seconds).
     *
     * @return the running pair
     * @throws IllegalStateException if the broker cannot start
     */
    public static LocalJobs start() {
        EmbeddedBroker broker = EmbeddedBroker.builder().start();
        MqttConnection connection = null;
        try {
            connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                    .clientId("local-jobs-service")
                    .build();
            connection.connect().join();
            LocalJobsService service =
                    LocalJobsService.builder().connection(connection).build();
            service.start().join();
            return new LocalJobs(broker, connection, service);
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            broker.close();
            throw e;
        }
    }

    /**
     * The broker's port on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return broker.port();
    }

    /**
     * The broker's URI.
     *
     * @return {@code tcp://127.0.0.1:<port>}
     */
    public String serverUri() {
        return broker.serverUri();
    }

    /**
     * The control API: create, cancel and describe jobs.
     *
     * @return the control API
     */
    public JobsControl control() {
        return service.control();
    }

    /**
     * The local service's fault injection (delays, dropped replies, throttling, duplicated events), to see how
     * device code copes.
     *
     * @return the switches
     */
    public FaultInjection faults() {
        return service.faults();
    }

    /**
     * Serves the service's HTTP control API with its web console on 127.0.0.1.
     *
     * @param port the TCP port, 0 for a free one
     * @return the running API; close it before this
     * @throws IllegalStateException if the port is in use
     */
    public HttpControlApi serveConsole(int port) {
        return HttpControlApi.builder(service).port(port).console(true).start();
    }

    /**
     * Opens a plain connection to the broker for a device, and waits until it is connected.
     *
     * @param clientId the MQTT client id (unique per connection)
     * @return the connected connection; the caller closes it
     */
    public MqttConnection connectDevice(String clientId) {
        return connectDevice(clientId, PahoV5Transport.factory());
    }

    /**
     * Connects a device over a transport of its choice.
     *
     * @param clientId the device's client id
     * @param transport the transport
     * @return the connected connection
     */
    public MqttConnection connectDevice(String clientId, TransportFactory transport) {
        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId(clientId)
                .transport(transport)
                .build();
        try {
            connection.connect().join();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Stops the service, its connection and the broker (about two seconds). */
    @Override
    public void close() {
        try {
            service.close();
            serviceConnection.close();
        } finally {
            broker.close();
        }
    }
}
