package io.iotjobs.it.support;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.clients.TestTransports;

/**
 * A {@link Broker} over the testkit's {@link EmbeddedBroker} (HiveMQ CE in this JVM). Create it through
 * {@link Brokers}.
 */
final class EmbeddedBrokerAdapter implements Broker {
    private final EmbeddedBroker broker;
    private final boolean persistent;
    private final boolean shared;

    EmbeddedBrokerAdapter(EmbeddedBroker broker, boolean persistent, boolean shared) {
        this.broker = broker;
        this.persistent = persistent;
        this.shared = shared;
    }

    /**
     * The underlying broker.
     *
     * @return the embedded broker
     */
    EmbeddedBroker broker() {
        return broker;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.EMBEDDED;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return broker.port();
    }

    @Override
    public MqttConnectionBuilder connectionBuilder() {
        return TestTransports.apply(MqttConnectionBuilder.plain(host(), port()));
    }

    @Override
    public Broker start() {
        broker.start();
        return this;
    }

    @Override
    public void stop() {
        broker.stop();
    }

    @Override
    public void restart() {
        broker.restart();
    }

    @Override
    public boolean isRunning() {
        return broker.isRunning();
    }

    @Override
    public boolean keepsSessionsAcrossRestart() {
        return persistent;
    }

    @Override
    public String diagnostics() {
        return broker.toString();
    }

    @Override
    public void close() {
        if (!shared) {
            broker.close();
        }
    }

    @Override
    public String toString() {
        return "embedded " + broker;
    }
}
