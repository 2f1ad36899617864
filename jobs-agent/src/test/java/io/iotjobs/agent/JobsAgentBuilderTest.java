package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad settings are refused when given, with the setting's name; nothing needs a broker. */
class JobsAgentBuilderTest {

    private final MqttConnection connection =
            MqttConnectionBuilder.plain("127.0.0.1", 1883).clientId("unused").build();

    @AfterEach
    void close() {
        connection.close();
    }

    private JobsAgent.Builder builder() {
        return JobsAgent.builder(connection, "dev-1").checkpointStore(CheckpointStore.inMemory());
    }

    @Test
    void theThingNameIsChecked() {
        assertThatThrownBy(() -> JobsAgent.builder(connection, "dev/#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName: must be 1-128");
        assertThatThrownBy(() -> JobsAgent.builder(connection, "")).hasMessageStartingWith("thingName:");
        assertThatThrownBy(() -> JobsAgent.builder(connection, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("thingName");
    }

    @Test
    void durationsAndCountsAreChecked() {
        assertThatThrownBy(() -> builder().stepTimeout(Duration.ofSeconds(90)))
                .hasMessage("stepTimeout: must be whole minutes from 1 to 10080, got PT1M30S");
        assertThatThrownBy(() -> builder().stepTimeout(Duration.ofDays(8)))
                .hasMessageStartingWith("stepTimeout: must be whole minutes");
        assertThatThrownBy(() -> builder().handlerTimeLimit(Duration.ZERO))
                .hasMessage("handlerTimeLimit: must be positive, got PT0S");
        assertThatThrownBy(() -> builder().on("operation", "x", context -> null, Duration.ofSeconds(-1)))
                .hasMessageStartingWith("timeLimit: must be positive");
        assertThatThrownBy(() -> builder().progressInterval(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("progressInterval: must not be negative");
        assertThatThrownBy(() -> builder().retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageStartingWith("retryBackoff: need 0 < min <= max");
        assertThatThrownBy(() -> builder().maxStarts(0)).hasMessage("maxStarts: must be at least 1, got 0");
        assertThatThrownBy(() -> builder().on("", "x", context -> null)).hasMessage("field: must not be empty");
        assertThatThrownBy(() -> builder()
                        .stepTimeout(Duration.ofMinutes(2))
                        .heartbeatInterval(Duration.ofMinutes(2))
                        .build())
                .hasMessageStartingWith("heartbeatInterval: must be shorter than the step timeout");
    }

    @Test
    void aBuiltAgentCanBeClosedWithoutEverStarting() {
        JobsAgent agent = builder().stepTimeout(Duration.ofMinutes(1)).build();
        assertThat(agent.thingName()).isEqualTo("dev-1");
        assertThat(agent.currentJob()).isEmpty();
        assertThat(agent.close(Duration.ofSeconds(5))).isTrue();
        assertThatThrownBy(agent::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        agent.close();
    }
}
