package io.iotjobs.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.benchmarks.harness.Results;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-transport tables and the verdicts against the transport targets, from result files. */
class ReportTest {

    @TempDir
    Path folder;

    private static Map<String, Object> scenario(double p50, long perSecond256, double clientCpu256) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sequential", Map.of("p50Us", p50, "p99Us", 2 * p50, "p999Us", 3 * p50, "cpuUsPerOp", 400.0));
        result.put("throughputPerSecond", Map.of("1", 2_000, "16", 6_000, "256", perSecond256));
        result.put("throughputCpuUsPerOp", Map.of("1", 500.0, "16", 200.0, "256", 150.0));
        result.put("clientCpuUsPerOp", Map.of("1", 100.0, "16", 60.0, "256", clientCpu256));
        Map<String, Object> groups = new LinkedHashMap<>();
        groups.put("client library threads", clientCpu256 - 10);
        groups.put("client requesting thread", 10.0);
        result.put("cpuUsPerOpByThreads", Map.of("256", groups));
        return result;
    }

    private static Map<String, Object> round(double pahoCpu, double hiveCpu, long pahoRate, long hiveRate) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("loadAverageBefore", "1.00 1.00 1.00");
        round.put("paho5/raw", scenario(300, 13_000, 45));
        round.put("paho5/v2-update", scenario(400, pahoRate, pahoCpu));
        round.put("hivemq5/raw", scenario(280, 20_000, 25));
        round.put("hivemq5/v2-update", scenario(380, hiveRate, hiveCpu));
        round.put("loadAverageAfter", "1.00 1.00 1.00");
        return round;
    }

    @Test
    void roundTripsAgainstPahoInTheSameRunWithTheTargetsVerdict() throws Exception {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put(
                "settings",
                Map.of(
                        "warmup",
                        10,
                        "operations",
                        100,
                        "throughputOperations",
                        100,
                        "service",
                        "local service on Paho v5 (MQTT 5)"));
        Map<String, String> scenarios = new LinkedHashMap<>();
        for (String name : List.of("paho5/raw", "paho5/v2-update", "hivemq5/raw", "hivemq5/v2-update")) {
            scenarios.put(name, "what " + name + " measures");
        }
        file.put("scenarios", scenarios);
        // medians: Paho v5 50 µs and 10,000/s; HiveMQ 25 µs (0.50×) and 14,000/s (1.40×)
        file.put(
                "rounds",
                List.of(round(50, 25, 10_000, 14_000), round(48, 20, 9_000, 15_000), round(60, 30, 11_000, 13_000)));
        Results.write(folder.resolve("roundtrip.json"), file);

        String tables = Report.render(folder);

        assertThat(tables).contains("| hivemq5/v2-update | 0.50× | 1.40× | 1.00× | 0.95× | CPU met, ops/s met |");
        assertThat(tables).contains("| hivemq5/raw | 0.56× | 1.54× |");
        // each row's ratio to the raw echo is to the raw echo of its own library
        assertThat(tables)
                .contains("| hivemq5/v2-update | 380 | 760 | 1,140 | 2,000 | 6,000 | 14,000 | 1.36× | 0.70× |");
    }

    @Test
    void aMissedTargetIsSaidSo() throws Exception {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("settings", Map.of("warmup", 10, "operations", 100, "throughputOperations", 100));
        file.put("scenarios", Map.of("paho5/v2-update", "a", "hivemq5/v2-update", "b"));
        Map<String, Object> round = round(50, 40, 10_000, 11_000);
        round.remove("paho5/raw");
        round.remove("hivemq5/raw");
        file.put("rounds", List.of(round));
        Results.write(folder.resolve("roundtrip.json"), file);

        assertThat(Report.render(folder))
                .contains("| hivemq5/v2-update | 0.80× | 1.10× | 1.00× | 0.95× | CPU missed, " + "ops/s missed |");
    }

    private static Map<String, Object> capacityRun(long perSecond) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("loadAverageBefore", "2.00 1.00 0.50");
        run.put("updatesPerSecond", perSecond);
        run.put("coresBusy", 1.9);
        run.put("cpuUsPerUpdate", 1.9e6 / perSecond);
        run.put("cpuUsPerUpdateByThreads", Map.of("embedded broker", 50.0, "contextSwitches", 4.0));
        return run;
    }

    @Test
    void capacityPerTransportAgainstPaho() throws Exception {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("broker", "embedded HiveMQ CE, in this JVM");
        file.put("settings", Map.of("connections", 8, "thingsPerConnection", 125, "windowPerConnection", 64));
        Map<String, Object> overMqtt = new LinkedHashMap<>();
        overMqtt.put("paho5", List.of(capacityRun(8_000), capacityRun(7_000), capacityRun(9_000)));
        overMqtt.put("hivemq5", List.of(capacityRun(12_000), capacityRun(13_000), capacityRun(11_000)));
        file.put("overMqtt", overMqtt);
        Results.write(folder.resolve("capacity.json"), file);

        String tables = Report.render(folder);

        assertThat(tables)
                .contains("## Local service capacity\n\nUpdates/s over MQTT: 1000 things on 8 device "
                        + "connections (V2 clients), 512 in flight");
        assertThat(tables).contains("| updates/s | 8,000 | 12,000 |");
        assertThat(tables).contains("| … ÷ Paho v5 | 1.00× | 1.50× |");
        assertThat(tables).contains("| … CPU µs per update on threads: embedded broker | 50.0 | 50.0 |");
        assertThat(tables).contains("- hivemq5: 1.50× the Paho v5 capacity in the same run (target ≥ 1.60×: missed)");
    }
}
