package io.iotjobs.internal.paho5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.LastWill;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.OfflineQueuePolicy;
import io.iotjobs.core.Qos;
import io.iotjobs.core.UserProperty;
import io.iotjobs.core.spi.ConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

/**
 * The MQTT connection options of {@link MqttConnectionBuilder}: each bad value fails at once naming the option;
 * good values reach the settings and Paho v5's CONNECT options.
 */
class ConnectOptionsTest {

    private static MqttConnectionBuilder builder() {
        return MqttConnectionBuilder.plain("127.0.0.1", 1883).clientId("options-unit");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWillTopicIsCheckedLikeAPublishTopicAndTheMessageNamesTheOption() {
        assertThatThrownBy(() -> LastWill.builder("devices/+/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.topic: a topic name to publish to must not contain the wildcard '+'");
        assertThatThrownBy(() -> LastWill.builder("devices/#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.topic:");
        assertThatThrownBy(() -> LastWill.builder(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastWill.topic: must not be empty");
        assertThatThrownBy(() -> LastWill.builder("a\u0001b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.topic: must not contain the control character U+0001");
        assertThatThrownBy(() -> LastWill.builder("x".repeat(65_536)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.topic: 65536 bytes in UTF-8");
        assertThatThrownBy(() -> LastWill.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("lastWill.topic");
    }

    @Test
    void theOtherWillFieldsNameThemselvesWhenOutOfRange() {
        LastWill.Builder will = LastWill.builder("devices/d1/status");
        assertThatThrownBy(() -> will.payload(new byte[65_536]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.payload: 65536 bytes");
        assertThatThrownBy(() -> will.delayInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.delayInterval:");
        assertThatThrownBy(() -> will.messageExpiry(Duration.ofSeconds(0x1_0000_0000L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.messageExpiry:");
        assertThatThrownBy(() -> will.contentType(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastWill.contentType: must not be empty");
        assertThatThrownBy(() -> will.userProperty("", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userProperty name: must not be empty");
    }

    @Test
    void connectionOptionsNameThemselvesWhenOutOfRange() {
        assertThatThrownBy(() -> builder().userProperty("na\u0000me", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userProperty name: must not contain the null character");
        assertThatThrownBy(() -> builder().userProperty("name", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("userProperty value");
        assertThatThrownBy(() -> builder().maximumPacketSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumPacketSize: must be 1 to 268435460 bytes, got 0");
        assertThatThrownBy(() -> builder().connectRetry(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectRetry:");
        assertThatThrownBy(() -> builder().connectRetry(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectRetry: must be at least 1 s");
        assertThatThrownBy(() -> builder().offlineQueue(0, OfflineQueuePolicy.FAIL_OLDEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offlineQueue: the limit must be at least 1, got 0");
        assertThatThrownBy(() -> builder().offlineQueue(10, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("offlineQueue policy");
        assertThatThrownBy(() -> builder().lastWill(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("lastWill");
    }

    @Test
    void theDefaultsAreNoWillNoPropertiesOneAttemptAndAThousandOfflinePublishesFailingTheNewest() {
        ConnectionSettings settings = builder().settings();
        assertThat(settings.lastWill()).isEmpty();
        assertThat(settings.userProperties()).isEmpty();
        assertThat(settings.maximumPacketSize()).isEmpty();
        assertThat(settings.connectPolicy().retriesConnect()).isFalse();
        assertThat(settings.connectPolicy().offlineQueueLimit()).isEqualTo(1_000);
        assertThat(settings.connectPolicy().offlineQueuePolicy()).isEqualTo(OfflineQueuePolicy.FAIL_NEWEST);
        assertThat(settings.mqtt5OnlyOptions()).isEmpty();
    }

    @Test
    void everyOptionReachesTheSettings() {
        LastWill will = LastWill.builder("devices/d1/status")
                .payload(utf8("gone"))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .delayInterval(Duration.ofSeconds(5))
                .contentType("text/plain")
                .messageExpiry(Duration.ofMinutes(1))
                .userProperty("reason", "lost")
                .build();
        ConnectionSettings settings = builder()
                .lastWill(will)
                .userProperty("fleet", "a")
                .userProperty("fleet", "b")
                .maximumPacketSize(4096)
                .connectRetry(Duration.ofMinutes(2))
                .offlineQueue(7, OfflineQueuePolicy.FAIL_OLDEST)
                .settings();
        assertThat(settings.lastWill()).containsSame(will);
        assertThat(settings.userProperties())
                .containsExactly(new UserProperty("fleet", "a"), new UserProperty("fleet", "b"));
        assertThat(settings.maximumPacketSize()).hasValue(4096);
        assertThat(settings.connectPolicy().connectRetryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.connectPolicy().offlineQueueLimit()).isEqualTo(7);
        assertThat(settings.connectPolicy().offlineQueuePolicy()).isEqualTo(OfflineQueuePolicy.FAIL_OLDEST);
        assertThat(settings.mqtt5OnlyOptions())
                .containsExactly(
                        "userProperty",
                        "maximumPacketSize",
                        "lastWill.delayInterval",
                        "lastWill.contentType",
                        "lastWill.messageExpiry",
                        "lastWill.userProperty");
        assertThat(LastWill.builder("t").payload(utf8("x")).retain(true).build().mqtt5OnlyOptions())
                .isEmpty();
    }

    @Test
    void pahoV5CarriesTheWillItsPropertiesTheUserPropertiesAndTheMaximumPacketSize() {
        LastWill will = LastWill.builder("devices/d1/status")
                .payload(utf8("gone"))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .delayInterval(Duration.ofSeconds(5))
                .contentType("text/plain")
                .messageExpiry(Duration.ofMinutes(1))
                .userProperty("reason", "lost")
                .build();
        Paho5Transport transport = (Paho5Transport) Paho5Factory.INSTANCE.create(builder()
                .lastWill(will)
                .userProperty("fleet", "a")
                .maximumPacketSize(4096)
                .settings());
        try {
            MqttConnectionOptions options = transport.options();
            assertThat(options.getWillDestination()).isEqualTo("devices/d1/status");
            assertThat(options.getWillMessage().getPayload()).isEqualTo(utf8("gone"));
            assertThat(options.getWillMessage().getQos()).isEqualTo(1);
            assertThat(options.getWillMessage().isRetained()).isTrue();
            assertThat(options.getWillMessageProperties().getWillDelayInterval())
                    .isEqualTo(5L);
            assertThat(options.getWillMessageProperties().getContentType()).isEqualTo("text/plain");
            assertThat(options.getWillMessageProperties().getMessageExpiryInterval())
                    .isEqualTo(60L);
            assertThat(options.getWillMessageProperties().getUserProperties())
                    .extracting(p -> p.getKey() + "=" + p.getValue())
                    .containsExactly("reason=lost");
            assertThat(options.getUserProperties())
                    .extracting(p -> p.getKey() + "=" + p.getValue())
                    .containsExactly("fleet=a");
            assertThat(options.getMaximumPacketSize()).isEqualTo(4096L);
        } finally {
            transport.close();
        }
    }

    @Test
    void withoutOptionsPahoV5SendsNoWillAndNoProperties() {
        Paho5Transport transport =
                (Paho5Transport) Paho5Factory.INSTANCE.create(builder().settings());
        try {
            assertThat(transport.options().getWillDestination()).isNull();
            assertThat(transport.options().getUserProperties()).isNullOrEmpty();
            assertThat(transport.options().getMaximumPacketSize()).isNull();
        } finally {
            transport.close();
        }
    }
}
