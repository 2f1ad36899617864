package io.iotjobs.benchmarks.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The round-trip harness's options and its accounting of the client's CPU. */
class RoundTripBenchmarkTest {

    @Test
    void scenariosRunInTheirFixedOrderWhateverTheOrderGiven() {
        assertThat(RoundTripBenchmark.scenarios("v2-update,raw")).containsExactly("raw", "v2-update");
    }

    @Test
    void refusesAnUnknownScenarioNamingTheOption() {
        assertThatThrownBy(() -> RoundTripBenchmark.scenarios("raw,v2-start"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--scenarios: unknown scenario \"v2-start\"; known: raw, raw-service, v2-describe, "
                        + "v2-update, v1-describe");
    }

    @Test
    void theClientsCpuIsTheDevicesSideOnly() {
        Map<String, Double> byGroup = new LinkedHashMap<>();
        byGroup.put(RoundTripBenchmark.SERVICE_GROUP, 30.0);
        byGroup.put("embedded broker", 25.0);
        byGroup.put("client library threads", 20.5);
        byGroup.put("client SDK pools", 4.0);
        byGroup.put("client requesting thread", 6.0);
        byGroup.put("other threads", 0.5);
        byGroup.put("jvm", 9.0);
        byGroup.put("contextSwitches", 3.0);
        assertThat(RoundTripBenchmark.clientCpu(byGroup)).isEqualTo(31.0);
    }

    @Test
    void theServicesThreadsAreNotTheClients() {
        Map<String, Predicate<String>> groups = RoundTripBenchmark.threadGroups();
        String servicePaho = "MQTT Call: bench-service-1234abcd";
        String first = groups.entrySet().stream()
                .filter(g -> g.getValue().test(servicePaho))
                .findFirst()
                .orElseThrow()
                .getKey();
        assertThat(first).isEqualTo(RoundTripBenchmark.SERVICE_GROUP);
        String devicePaho = "MQTT Call: bench-paho5-v2-update-1234abcd";
        assertThat(groups.entrySet().stream()
                        .filter(g -> g.getValue().test(devicePaho))
                        .findFirst()
                        .orElseThrow()
                        .getKey())
                .isEqualTo("client library threads");
    }
}
