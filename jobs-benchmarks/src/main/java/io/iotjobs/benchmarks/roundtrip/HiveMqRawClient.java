package io.iotjobs.benchmarks.roundtrip;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A raw HiveMQ MQTT client (MQTT 5 or 3.1.1): Netty event loops of its own (one per core, as the SDK's HiveMQ
 * transport has; TCP_NODELAY is Netty's default), every message through one stream of the connection (as the
 * transport takes them), and the client's own flow control (it queues QoS 1 publishes beyond the broker's receive
 * maximum). Callbacks run on the client's default application scheduler (RxJava's computation threads): with the
 * transport's choice, the event loop itself, an echo publishing from inside the callback stalled after a few
 * hundred messages at 256 in flight.
 */
final class HiveMqRawClient implements RawClient {

    /** The calls that differ between the client's MQTT 5 and MQTT 3.1.1 APIs. */
    private interface Calls {
        CompletableFuture<?> subscribe(String filter);

        CompletableFuture<?> publish(String topic, byte[] payload);

        CompletableFuture<?> disconnect();
    }

    private final NioEventLoopGroup loops;
    private final Map<String, Consumer<byte[]>> listeners = new ConcurrentHashMap<>();
    private Calls calls;

    private HiveMqRawClient(NioEventLoopGroup loops) {
        this.loops = loops;
    }

    /** Every message of the connection, as the SDK's transport takes them: one stream, then by topic. */
    private void arrived(String topic, byte[] payload) {
        // the raw scenarios subscribe to exact topics
        Consumer<byte[]> listener = listeners.get(topic);
        if (listener != null) {
            listener.accept(payload);
        }
    }

    private static NioEventLoopGroup loops(String clientId) {
        return new NioEventLoopGroup(
                Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("bench-raw-hivemq-" + clientId, true));
    }

    private static MqttClientExecutorConfig executors(NioEventLoopGroup loops) {
        return MqttClientExecutorConfig.builder().nettyExecutor(loops).build();
    }

    static HiveMqRawClient mqtt5(String host, int port, String clientId) throws Exception {
        NioEventLoopGroup loops = loops(clientId);
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(host)
                .serverPort(port)
                .executorConfig(executors(loops))
                .buildAsync();
        HiveMqRawClient raw = new HiveMqRawClient(loops);
        client.publishes(
                MqttGlobalPublishFilter.ALL, m -> raw.arrived(m.getTopic().toString(), m.getPayloadAsBytes()));
        raw.calls = new Calls() {
            @Override
            public CompletableFuture<?> subscribe(String filter) {
                return client.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }

            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload) {
                return client.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload)
                        .send();
            }

            @Override
            public CompletableFuture<?> disconnect() {
                return client.disconnect();
            }
        };
        raw.connected(client.connectWith()
                .cleanStart(true)
                .sessionExpiryInterval(0)
                .keepAlive(60)
                .send());
        return raw;
    }

    static HiveMqRawClient mqtt311(String host, int port, String clientId) throws Exception {
        NioEventLoopGroup loops = loops(clientId);
        Mqtt3AsyncClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(clientId)
                .serverHost(host)
                .serverPort(port)
                .executorConfig(executors(loops))
                .buildAsync();
        HiveMqRawClient raw = new HiveMqRawClient(loops);
        client.publishes(
                MqttGlobalPublishFilter.ALL, m -> raw.arrived(m.getTopic().toString(), m.getPayloadAsBytes()));
        raw.calls = new Calls() {
            @Override
            public CompletableFuture<?> subscribe(String filter) {
                return client.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }

            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload) {
                return client.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload)
                        .send();
            }

            @Override
            public CompletableFuture<?> disconnect() {
                return client.disconnect();
            }
        };
        raw.connected(client.connectWith().cleanSession(true).keepAlive(60).send());
        return raw;
    }

    private void connected(CompletableFuture<?> connack) throws Exception {
        try {
            connack.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public void subscribe(String filter, Consumer<byte[]> listener) throws Exception {
        listeners.put(filter, listener);
        calls.subscribe(filter).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void publish(String topic, byte[] payload) {
        calls.publish(topic, payload).whenComplete((result, failure) -> {
            if (failure != null) {
                System.err.println("raw HiveMQ publish failed: " + failure);
            }
        });
    }

    @Override
    public void close() {
        try {
            calls.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
