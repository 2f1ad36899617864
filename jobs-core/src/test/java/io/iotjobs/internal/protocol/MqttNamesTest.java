package io.iotjobs.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MqttNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/", "a//b", "$aws/things/dev-1/shadow/update", "température/salle", "🙂/x"})
    void topicNamesThatMqttAllows(String topic) {
        assertThat(MqttNames.topicName(topic)).isEqualTo(topic);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a/+/b|wildcard '+'",
                "a/#|wildcard '#'",
                "sensor#1|wildcard '#'",
                "a\u0000b|null character",
                "a\u0007b|control character U+0007",
                "a\u0085b|control character U+0085",
                "a\ud800b|unpaired surrogate"
            })
    void topicNamesThatAreRefusedWithTheReason(String topic, String reason) {
        assertThatThrownBy(() -> MqttNames.topicName(topic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("topic: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+/b", "#", "+", "a/#", "+/+", "/+", "a/b", "$aws/things/+/jobs/#"})
    void filtersThatMqttAllows(String filter) {
        assertThat(MqttNames.topicFilter(filter, false)).isEqualTo(filter);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a/#/b|'#' must be the whole last level",
                "a#|'#' must be the whole last level",
                "a/b#|'#' must be the whole last level",
                "a/+b|'+' must be a whole level",
                "a+/b|'+' must be a whole level"
            })
    void filtersThatAreRefusedWithTheReason(String filter, String reason) {
        assertThatThrownBy(() -> MqttNames.topicFilter(filter, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/group/a/b", "$share/g/#", "$share/g/+/x"})
    void sharedSubscriptionsOnlyWhereTheProtocolHasThem(String filter) {
        assertThat(MqttNames.topicFilter(filter, true)).isEqualTo(filter);
        assertThatThrownBy(() -> MqttNames.topicFilter(filter, false)).hasMessageContaining("MQTT 3.1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share/g", "$share/g/", "$share/+/a", "$share//a"})
    void malformedSharedSubscriptions(String filter) {
        assertThatThrownBy(() -> MqttNames.topicFilter(filter, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$share/<group>/<filter>");
    }

    @org.junit.jupiter.api.Test
    void namesLongerThanMqttCarriesAreRefused() {
        String longest = "é".repeat(MqttNames.MAX_UTF8_BYTES / 2);
        assertThat(MqttNames.topicName(longest)).hasSize(MqttNames.MAX_UTF8_BYTES / 2);
        assertThatThrownBy(() -> MqttNames.topicName(longest + "é")).hasMessageContaining("65536 bytes in UTF-8");
        assertThatThrownBy(() -> MqttNames.topicName("")).hasMessage("topic: must not be empty");
        assertThatThrownBy(() -> MqttNames.topicFilter(null, true))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("filter");
    }
}
