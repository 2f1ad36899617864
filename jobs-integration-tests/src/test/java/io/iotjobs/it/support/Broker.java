package io.iotjobs.it.support;

import io.iotjobs.core.MqttConnectionBuilder;

/**
 * An MQTT 5 broker started for a test: the embedded HiveMQ ({@link BrokerKind#EMBEDDED}) or a Mosquitto
 * process ({@link BrokerKind#MOSQUITTO}). Obtain one from {@link Brokers} or a {@link BrokerPool}.
 *
 * <p>Both listen on {@code 127.0.0.1} only, allow anonymous clients and {@code $aws/...} topics, and keep their
 * port across {@link #stop()} / {@link #start()}, so clients reconnect to the same address.
 *
 * <p><b>Threads.</b> All methods may be called from any thread; {@link #start()}, {@link #stop()},
 * {@link #restart()} and {@link #close()} block until the broker is up or down.
 */
public interface Broker extends AutoCloseable {

    /**
     * Which broker this is.
     *
     * @return the kind
     */
    BrokerKind kind();

    /**
     * The host clients connect to.
     *
     * @return {@code 127.0.0.1}
     */
    String host();

    /**
     * The listener's port, the same across restarts.
     *
     * @return the port
     */
    int port();

    /**
     * The listener's address as a server URI, for clients outside the SDK such as
     * {@link io.iotjobs.testkit.clients.RawMqttClient}.
     *
     * @return {@code tcp://<host>:<port>}
     */
    default String serverUri() {
        return "tcp://" + host() + ":" + port();
    }

    /**
     * A connection builder for this broker: {@code MqttConnectionBuilder.plain(host(), port())} over the transport
     * the run selected ({@code -Diotjobs.it.transport}, default Paho v5), with the SDK's defaults otherwise.
     *
     * @return a new builder
     */
    MqttConnectionBuilder connectionBuilder();

    /**
     * Starts the broker again after {@link #stop()} (same port, same data). Blocks until it accepts
     * connections. Does nothing while running.
     *
     * @return this broker
     */
    Broker start();

    /**
     * Stops the broker; connected clients lose their connection. Blocks until it is down.
     */
    void stop();

    /**
     * {@link #stop()} then {@link #start()}.
     */
    void restart();

    /**
     * Whether the broker runs now.
     *
     * @return true between start and stop
     */
    boolean isRunning();

    /**
     * Whether persistent sessions (and the QoS 1 messages queued for them) survive {@link #restart()}.
     *
     * @return true with file persistence
     */
    boolean keepsSessionsAcrossRestart();

    /**
     * Text to attach to a failure message: the broker's state and, for Mosquitto, the end of its log.
     *
     * @return the diagnostics
     */
    String diagnostics();

    /**
     * Stops the broker and removes its files. Idempotent.
     */
    @Override
    void close();
}
