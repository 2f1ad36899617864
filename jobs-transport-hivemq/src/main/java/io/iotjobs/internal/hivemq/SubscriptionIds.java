package io.iotjobs.internal.hivemq;

import com.hivemq.client.internal.mqtt.MqttClientConnectionConfig;
import com.hivemq.client.internal.mqtt.codec.decoder.MqttDecoder;
import com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttStatefulSubscribe;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttSubscribe;
import com.hivemq.client.internal.util.collections.ImmutableIntList;
import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.MqttVersion;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MQTT 5 subscription identifiers for a HiveMQ client, which has no API for them: it numbers its SUBSCRIBEs itself
 * and drops the identifiers of incoming PUBLISHes. A broker that sends one copy of a message per matching
 * subscription (Mosquitto does) marks each copy with its subscription's identifier, and only by it can the
 * connection hand each copy to the subscribers of that subscription alone.
 *
 * <p>So a small handler sits in each connection's Netty pipeline, next to the client's decoder: it gives each
 * SUBSCRIBE the SDK's identifier for its filter instead of the client's, and notes the identifiers of each incoming
 * PUBLISH under the message object the client then emits, where {@link #of} finds them.
 */
final class SubscriptionIds {

    /** The handler's name in the pipeline. */
    static final String HANDLER = "iotjobs.subscription-ids";

    private final boolean ownsSubscriptions;
    private final Map<String, Integer> byFilter = new ConcurrentHashMap<>();
    private final Map<Integer, String> ours = new ConcurrentHashMap<>();
    private final Map<Object, int[]> arrived = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile boolean active;

    /**
     * @param ownsSubscriptions whether every SUBSCRIBE of the client is the SDK's (a client the SDK built), so that
     *     the client's own numbering is removed from a SUBSCRIBE the SDK gave no identifier
     */
    SubscriptionIds(boolean ownsSubscriptions) {
        this.ownsSubscriptions = ownsSubscriptions;
    }

    /**
     * Puts the handler into a new connection's pipeline; call on the client's thread as soon as it is connected,
     * before it reads further.
     *
     * @param config the client's configuration
     * @return whether this connection carries subscription identifiers: the broker takes them and the client is one
     *     whose pipeline can be reached (its MQTT 5 configuration is HiveMQ's own)
     */
    boolean connected(MqttClientConfig config) {
        arrived.clear();
        MqttClientConnectionConfig connection = config.getMqttVersion() == MqttVersion.MQTT_5_0
                        && config instanceof com.hivemq.client.internal.mqtt.MqttClientConfig
                ? ((com.hivemq.client.internal.mqtt.MqttClientConfig) config).getRawConnectionConfig()
                : null;
        if (connection != null && connection.areSubscriptionIdentifiersAvailable()) {
            installIn(connection.getChannel().pipeline());
        } else {
            active = false;
        }
        return active;
    }

    /**
     * Puts the handler after the client's decoder, and turns identifiers on.
     *
     * @param pipeline the connection's pipeline
     */
    void installIn(ChannelPipeline pipeline) {
        if (pipeline.get(HANDLER) == null) {
            pipeline.addAfter(MqttDecoder.NAME, HANDLER, new Handler());
        }
        active = true;
    }

    /**
     * Whether the current connection carries subscription identifiers (see {@link #connected}).
     *
     * @return true if it does
     */
    boolean active() {
        return active;
    }

    /**
     * The SDK is about to subscribe to a filter with an identifier.
     *
     * @param filter the filter
     * @param id the identifier, or 0 for none
     */
    void subscribing(String filter, int id) {
        Integer previous = id > 0 ? byFilter.put(filter, id) : byFilter.remove(filter);
        if (previous != null) {
            ours.remove(previous);
        }
        if (id > 0) {
            ours.put(id, filter);
        }
    }

    /**
     * The SDK is about to unsubscribe from a filter: copies still on their way for it are no longer the SDK's.
     *
     * @param filter the filter
     */
    void unsubscribing(String filter) {
        subscribing(filter, 0);
    }

    /**
     * The SDK's identifiers an incoming message carried.
     *
     * @param message the message object the client emitted
     * @return the identifiers; empty when it carried none (the connection then matches filters); {@code null} when
     *     it carried only identifiers of subscriptions that are not the SDK's (a wrapped client's own), so it is a
     *     copy for one of those and not for the SDK
     */
    int[] of(Object message) {
        if (!active) {
            return ProtocolClient.NO_IDS;
        }
        int[] ids = arrived.remove(message);
        return ids == null ? ProtocolClient.NO_IDS : ids.length == 0 ? null : ids;
    }

    private int[] known(ImmutableIntList ids) {
        int[] kept = new int[ids.size()];
        int count = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (ours.containsKey(ids.get(i))) {
                kept[count++] = ids.get(i);
            }
        }
        return count == kept.length ? kept : Arrays.copyOf(kept, count);
    }

    /** The handler in the pipeline; runs on the connection's Netty thread. */
    private final class Handler extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttStatefulPublish) {
                MqttStatefulPublish publish = (MqttStatefulPublish) msg;
                ImmutableIntList ids = publish.getSubscriptionIdentifiers();
                if (!ids.isEmpty()) {
                    arrived.put(publish.stateless(), known(ids));
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg instanceof MqttStatefulSubscribe ? renumbered((MqttStatefulSubscribe) msg) : msg, promise);
        }

        private Object renumbered(MqttStatefulSubscribe subscribe) {
            MqttSubscribe message = subscribe.stateless();
            Integer id = message.getSubscriptions().size() == 1
                    ? byFilter.get(
                            message.getSubscriptions().get(0).getTopicFilter().toString())
                    : null;
            if (id != null) {
                return message.createStateful(subscribe.getPacketIdentifier(), id);
            }
            return ownsSubscriptions
                    ? message.createStateful(
                            subscribe.getPacketIdentifier(), MqttStatefulSubscribe.DEFAULT_NO_SUBSCRIPTION_IDENTIFIER)
                    : subscribe;
        }
    }
}
