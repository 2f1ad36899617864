package io.iotjobs.it.transport;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport that passes every call to a real one and counts the SUBSCRIBEs per filter and the connection
 * attempts: what the connection asks of the transport, seen from below, without a broker log.
 */
final class CountingTransport implements MqttTransport {
    private final MqttTransport delegate;
    private final Map<String, Integer> subscribes = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private CountingTransport(MqttTransport delegate) {
        this.delegate = delegate;
    }

    /** A factory whose transports count; {@link #last()} is the most recent one it made. */
    static final class Factory implements TransportFactory {
        private final TransportFactory delegate;
        private volatile CountingTransport last;

        Factory(TransportFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public MqttProtocol protocol() {
            return delegate.protocol();
        }

        @Override
        public MqttTransport create(ConnectionSettings settings) {
            CountingTransport made = new CountingTransport(delegate.create(settings));
            last = made;
            return made;
        }

        CountingTransport last() {
            return last;
        }
    }

    /** How many SUBSCRIBEs were sent for the filter. */
    int subscribes(String filter) {
        return subscribes.getOrDefault(filter, 0);
    }

    /** The calls made, in order: connect, subscribe:filter, unsubscribe:filter, disconnect, close. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public MqttProtocol protocol() {
        return delegate.protocol();
    }

    @Override
    public String clientId() {
        return delegate.clientId();
    }

    @Override
    public String serverUri() {
        return delegate.serverUri();
    }

    @Override
    public boolean ownerConnects() {
        return delegate.ownerConnects();
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public int inFlightLimit() {
        return delegate.inFlightLimit();
    }

    @Override
    public void start(TransportEvents events) {
        delegate.start(events);
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        calls.add("connect");
        return delegate.connect();
    }

    @Override
    public void abort() {
        calls.add("abort");
        delegate.abort();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        calls.add("disconnect");
        return delegate.disconnect();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return delegate.publish(topic, payload, qos, retain);
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        calls.add("subscribe:" + filter);
        subscribes.merge(filter, 1, Integer::sum);
        return delegate.subscribe(filter, qos, noLocal, subscriptionId);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        calls.add("unsubscribe:" + filter);
        return delegate.unsubscribe(filter);
    }

    @Override
    public void close() {
        calls.add("close");
        delegate.close();
    }
}
