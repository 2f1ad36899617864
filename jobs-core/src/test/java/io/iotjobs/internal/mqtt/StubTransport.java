package io.iotjobs.internal.mqtt;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import java.util.concurrent.CompletableFuture;

/**
 * A transport for unit tests of the connection's own logic: connects at once, and every packet succeeds at once.
 * Subclasses override what the test scripts.
 */
class StubTransport implements MqttTransport {

    @Override
    public CompletableFuture<ConnAck> connect() {
        return CompletableFuture.completedFuture(ConnAck.of(false));
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_5;
    }

    @Override
    public String clientId() {
        return "stub";
    }

    @Override
    public String serverUri() {
        return "tcp://127.0.0.1:1";
    }

    @Override
    public boolean ownerConnects() {
        return false;
    }

    @Override
    public boolean isConnected() {
        return false;
    }

    @Override
    public int inFlightLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void start(TransportEvents events) {}

    @Override
    public void abort() {}

    @Override
    public CompletableFuture<Void> disconnect() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        return CompletableFuture.completedFuture(qos);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
}
