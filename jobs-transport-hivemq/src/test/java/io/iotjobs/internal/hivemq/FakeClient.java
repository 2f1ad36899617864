package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.reactivex.disposables.Disposable;
import io.reactivex.disposables.Disposables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link ProtocolClient} whose every operation returns a future the test completes, for the transport's logic
 * without a network. Its configuration is that of a real, never connected HiveMQ client.
 */
final class FakeClient implements ProtocolClient {

    private static final MqttClientConfig CONFIG =
            MqttClient.builder().useMqttVersion5().build().getConfig();

    final List<CompletableFuture<ConnAck>> connects = new ArrayList<>();
    final List<CompletableFuture<Void>> disconnects = new ArrayList<>();
    final List<CompletableFuture<Void>> publishes = new ArrayList<>();
    RuntimeException publishRefusal;
    Inbound inbound;
    Consumer<Throwable> ended;
    Disposable receiving;
    int receives;

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_5;
    }

    @Override
    public MqttClientConfig config() {
        return CONFIG;
    }

    @Override
    public synchronized CompletableFuture<ConnAck> connect() {
        CompletableFuture<ConnAck> attempt = new CompletableFuture<>();
        connects.add(attempt);
        return attempt;
    }

    synchronized int connectCalls() {
        return connects.size();
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        if (publishRefusal != null) {
            throw publishRefusal;
        }
        CompletableFuture<Void> published = new CompletableFuture<>();
        publishes.add(published);
        return published;
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal) {
        return CompletableFuture.completedFuture(qos);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> disconnect() {
        CompletableFuture<Void> down = new CompletableFuture<>();
        disconnects.add(down);
        return down;
    }

    @Override
    public Disposable receive(Inbound to, Consumer<Throwable> whenEnded) {
        this.inbound = to;
        this.ended = whenEnded;
        receives++;
        receiving = Disposables.empty();
        return receiving;
    }

    @Override
    public Optional<ConnAck> connAck(MqttClientConnectedContext context) {
        return Optional.of(ConnAck.of(true));
    }

    @Override
    public int inFlightLimit() {
        return CLIENT_SEND_MAXIMUM;
    }
}
