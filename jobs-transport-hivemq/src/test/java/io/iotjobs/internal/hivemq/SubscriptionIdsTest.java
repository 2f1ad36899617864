package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.internal.mqtt.codec.decoder.MqttDecoder;
import com.hivemq.client.internal.mqtt.message.publish.MqttPublish;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttStatefulSubscribe;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttSubscribe;
import com.hivemq.client.internal.util.collections.ImmutableIntList;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The handler that carries the SDK's subscription identifiers through the HiveMQ client, in a Netty test channel. */
class SubscriptionIdsTest {

    private static EmbeddedChannel channel(SubscriptionIds ids) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(MqttDecoder.NAME, new ChannelInboundHandlerAdapter());
        ids.installIn(channel.pipeline());
        return channel;
    }

    private static MqttStatefulSubscribe subscribe(String filter, int clientsOwnId) {
        return ((MqttSubscribe) Mqtt5Subscribe.builder().topicFilter(filter).build()).createStateful(3, clientsOwnId);
    }

    private static MqttPublish publish(String topic) {
        return (MqttPublish) Mqtt5Publish.builder().topic(topic).build();
    }

    @Test
    void aSubscribeCarriesTheSdksIdentifierInsteadOfTheClients() {
        SubscriptionIds ids = new SubscriptionIds(true);
        EmbeddedChannel channel = channel(ids);
        ids.subscribing("a/+", 41);

        channel.writeOutbound(subscribe("a/+", 1), subscribe("b/#", 2));

        MqttStatefulSubscribe renumbered = channel.readOutbound();
        assertThat(renumbered.getSubscriptionIdentifier()).isEqualTo(41);
        assertThat(renumbered.getPacketIdentifier()).isEqualTo(3);
        MqttStatefulSubscribe withoutId = channel.readOutbound();
        assertThat(withoutId.getSubscriptionIdentifier())
                .as("a filter the SDK gave no identifier")
                .isEqualTo(MqttStatefulSubscribe.DEFAULT_NO_SUBSCRIPTION_IDENTIFIER);
    }

    @Test
    void aUsersOwnSubscribeKeepsTheClientsIdentifier() {
        SubscriptionIds ids = new SubscriptionIds(false);
        EmbeddedChannel channel = channel(ids);

        channel.writeOutbound(subscribe("users/#", 5));

        assertThat(((MqttStatefulSubscribe) channel.readOutbound()).getSubscriptionIdentifier())
                .isEqualTo(5);
    }

    @Test
    void anIncomingPublishYieldsTheSdksIdentifiersOnly() {
        SubscriptionIds ids = new SubscriptionIds(false);
        EmbeddedChannel channel = channel(ids);
        ids.subscribing("a/+", 41);
        ids.subscribing("a/#", 42);
        MqttPublish both = publish("a/b");
        MqttPublish usersOnly = publish("a/c");
        MqttPublish none = publish("a/d");

        channel.writeInbound(
                both.createStateful(1, false, 0, ImmutableIntList.of(42, 5, 41)),
                usersOnly.createStateful(2, false, 0, ImmutableIntList.of(5)),
                none.createStateful(3, false, 0, ImmutableIntList.of()));

        assertThat(ids.of(both)).containsExactly(42, 41);
        assertThat(ids.of(usersOnly))
                .as("a copy for the user's own subscription")
                .isNull();
        assertThat(ids.of(none)).isEmpty();
        assertThat(ids.of(both)).as("taken once").isEmpty();
    }

    @Test
    void aFilterSubscribedAgainWithAnotherIdentifierGivesUpTheOldOne() {
        SubscriptionIds ids = new SubscriptionIds(true);
        EmbeddedChannel channel = channel(ids);
        ids.subscribing("a/+", 41);
        ids.subscribing("a/+", 43);
        MqttPublish old = publish("a/b");

        channel.writeInbound(old.createStateful(1, false, 0, ImmutableIntList.of(41)));

        assertThat(ids.of(old)).isNull();
    }

    @Test
    void aFilterUnsubscribedIsNoLongerTheSdks() {
        SubscriptionIds ids = new SubscriptionIds(true);
        EmbeddedChannel channel = channel(ids);
        ids.subscribing("a/+", 41);
        ids.unsubscribing("a/+");
        MqttPublish late = publish("a/b");

        channel.writeInbound(late.createStateful(1, false, 0, ImmutableIntList.of(41)));
        channel.writeOutbound(subscribe("a/+", 2));

        assertThat(ids.of(late)).isNull();
        assertThat(((MqttStatefulSubscribe) channel.readOutbound()).getSubscriptionIdentifier())
                .isEqualTo(MqttStatefulSubscribe.DEFAULT_NO_SUBSCRIPTION_IDENTIFIER);
    }

    @Test
    void withoutIdentifiersOnTheConnectionNothingIsLookedUp() {
        SubscriptionIds ids = new SubscriptionIds(true);
        assertThat(ids.active()).isFalse();
        assertThat(ids.of(publish("a/b"))).isEmpty();
    }
}
