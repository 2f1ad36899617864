package io.iotjobs.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --transports} option of the harnesses and the transports it names. */
class BenchTransportTest {

    @Test
    void parsesTheGivenTransportsInTheGivenOrder() {
        assertThat(BenchTransport.parse("hivemq5,paho5")).containsExactly(BenchTransport.HIVEMQ5, BenchTransport.PAHO5);
        assertThat(BenchTransport.parse(" PAHO3 , hivemq311"))
                .containsExactly(BenchTransport.PAHO3, BenchTransport.HIVEMQ311);
    }

    @Test
    void refusesAnUnknownTransportNamingTheOptionAndTheKnownOnes() {
        assertThatThrownBy(() -> BenchTransport.parse("paho5,hivemq3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--transports: unknown transport \"hivemq3\"; known: paho5, paho3, hivemq5, hivemq311");
    }

    @Test
    void refusesAnEmptyNameAndARepeatedOne() {
        assertThatThrownBy(() -> BenchTransport.parse("paho5,,hivemq5"))
                .hasMessage("--transports: empty name in \"paho5,,hivemq5\"");
        assertThatThrownBy(() -> BenchTransport.parse("paho5,hivemq5,paho5"))
                .hasMessage("--transports: paho5 given twice");
    }

    @Test
    void eachTransportHasTheFactoryAndProtocolItsNameSays() {
        for (BenchTransport transport : BenchTransport.values()) {
            assertThat(transport.factory().protocol().name())
                    .as(transport.label())
                    .isEqualTo(transport.label().endsWith("5") ? "MQTT_5" : "MQTT_3_1_1");
            assertThat(transport.mqtt5()).isEqualTo(transport.label().endsWith("5"));
        }
        assertThat(BenchTransport.labels(List.of(BenchTransport.values())))
                .containsExactly("paho5", "paho3", "hivemq5", "hivemq311");
    }

    @Test
    void tellsTheLibrariesThreadsFromTheSdksAndTheBrokers() {
        assertThat(BenchTransport.isLibraryThread("MQTT Rec: bench-paho5-v2-update-1"))
                .isTrue();
        assertThat(BenchTransport.isLibraryThread("iotjobs-hivemq-3-1")).isTrue();
        assertThat(BenchTransport.isLibraryThread("bench-raw-hivemq-x-echo-2-1"))
                .isTrue();
        assertThat(BenchTransport.isLibraryThread("RxComputationThreadPool-1")).isTrue();
        assertThat(BenchTransport.isLibraryThread("iotjobs-callback-1")).isFalse();
        assertThat(BenchTransport.isLibraryThread("hivemq-eventloop-child-0")).isFalse();
        assertThat(BenchTransport.isLibraryThread("main")).isFalse();
    }
}
