package io.iotjobs.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotjobs.benchmarks.codec.Sample;
import io.iotjobs.benchmarks.codec.Samples;
import io.iotjobs.benchmarks.harness.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the result files of one bench run into the Markdown tables of BENCHMARKS.md: medians of the runs (JMH
 * forks, harness rounds) and the ratios the targets are stated in. Missing files are skipped.
 *
 * <pre>
 * java -cp ... io.iotjobs.benchmarks.report.Report &lt;results folder&gt;
 * </pre>
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODEC = "io.iotjobs.benchmarks.codec.CodecBenchmark.";

    private final StringBuilder out = new StringBuilder();

    private Report() {
    }

    /**
     * Prints the tables.
     *
     * @param args the results folder (with jmh.json, roundtrip.json, capacity.json, footprint.json)
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Report <results folder>");
        }
        Path folder = Path.of(args[0]);
        Report report = new Report();
        report.machine(folder);
        report.codec(read(folder.resolve("jmh.json")));
        report.roundTrip(read(folder.resolve("roundtrip.json")));
        report.capacity(read(folder.resolve("capacity.json")));
        report.footprint(read(folder.resolve("footprint.json")));
        System.out.print(report.out);
    }

    private static JsonNode read(Path file) throws IOException {
        return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
    }

    private void line(String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values)).append('\n');
    }

    // ----------------------------------------------------------------------------------------- machine

    private void machine(Path folder) throws IOException {
        for (String name : List.of("roundtrip.json", "capacity.json", "footprint.json")) {
            JsonNode file = read(folder.resolve(name));
            if (file != null) {
                JsonNode m = file.get("machine");
                line("## Machine");
                line("");
                line("- %s cores, %s, %s RAM", m.get("cores").asText(), m.get("cpu").asText(),
                        m.get("memory").asText());
                line("- %s", m.get("os").asText());
                line("- %s", m.get("jdk").asText());
                line("- broker: %s", file.get("broker").asText());
                line("");
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- codec

    /** Median over forks of each fork's mean, for one metric of one benchmark and message. */
    private static double forkMedian(JsonNode metric) {
        List<Double> forks = new ArrayList<>();
        for (JsonNode fork : metric.get("rawData")) {
            double sum = 0;
            for (JsonNode iteration : fork) {
                sum += iteration.asDouble();
            }
            forks.add(sum / fork.size());
        }
        return Results.median(forks);
    }

    private void codec(JsonNode jmh) {
        if (jmh == null) {
            return;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        int forks = 0;
        for (JsonNode result : jmh) {
            String method = result.get("benchmark").asText().substring(CODEC.length());
            String message = result.get("params").get("message").asText();
            double[] s = scores.computeIfAbsent(message + "/" + method, k -> new double[2]);
            s[0] = forkMedian(result.get("primaryMetric"));
            JsonNode alloc = result.get("secondaryMetrics").get("gc.alloc.rate.norm");
            s[1] = alloc == null ? Double.NaN : forkMedian(alloc);
            forks = result.get("primaryMetric").get("rawData").size();
        }
        line("## Codec (JMH, median of %d forks; ns/op and allocated B/op)", forks);
        line("");
        double worstDecode = 0;
        double worstEncode = 0;
        for (String direction : List.of("decode", "encode")) {
            line("### %s", direction.equals("decode") ? "Decode" : "Encode");
            line("");
            line("| Message | Bytes | SDK ns/op | Streaming ns/op | SDK / streaming | SDK B/op | Streaming B/op |");
            line("|---|---:|---:|---:|---:|---:|---:|");
            for (Sample<?> sample : Samples.all()) {
                double[] sdk = scores.get(sample.name() + "/" + direction + "Sdk");
                double[] streaming = scores.get(sample.name() + "/" + direction + "Streaming");
                if (sdk == null || streaming == null) {
                    continue;
                }
                double ratio = sdk[0] / streaming[0];
                if (direction.equals("decode")) {
                    worstDecode = Math.max(worstDecode, ratio);
                } else {
                    worstEncode = Math.max(worstEncode, ratio);
                }
                line("| %s (`%s`) | %,d | %,.0f | %,.0f | %.2f× | %,.0f | %,.0f |", sample.description(),
                        sample.name(), sample.size(), sdk[0], streaming[0], ratio, sdk[1], streaming[1]);
            }
            line("");
        }
        line("Largest SDK / streaming ratio: decode %.2f×, encode %.2f× (target: within 1.3×).", worstDecode,
                worstEncode);
        line("");
    }

    // -------------------------------------------------------------------------------------- round trip

    private static double median(JsonNode rounds, String scenario, String group, String key) {
        List<Double> values = new ArrayList<>();
        for (JsonNode round : rounds) {
            values.add(round.get(scenario).get(group).get(key).asDouble());
        }
        return Results.median(values);
    }

    private void roundTrip(JsonNode file) {
        if (file == null) {
            return;
        }
        JsonNode rounds = file.get("rounds");
        JsonNode settings = file.get("settings");
        line("## Round trips (median of %d rounds; %s sequential after %s warm-up, throughput over %s operations)",
                rounds.size(), settings.get("operations").asText(), settings.get("warmup").asText(),
                settings.get("throughputOperations").asText());
        line("");
        line("| Scenario | p50 µs | p99 µs | p99.9 µs | ops/s, 1 in flight | ops/s, 16 | ops/s, 256 | p50 ÷ raw | "
                + "p99 ÷ raw | raw ops/s ÷ this, 16 | raw ops/s ÷ this, 256 | CPU µs/op, sequential "
                + "| CPU µs/op, 256 |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[] raw = null;
        for (var it = file.get("scenarios").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            double[] m = {
                median(rounds, name, "sequential", "p50Us"),
                median(rounds, name, "sequential", "p99Us"),
                median(rounds, name, "sequential", "p999Us"),
                median(rounds, name, "throughputPerSecond", "1"),
                median(rounds, name, "throughputPerSecond", "16"),
                median(rounds, name, "throughputPerSecond", "256"),
                median(rounds, name, "sequential", "cpuUsPerOp"),
                median(rounds, name, "throughputCpuUsPerOp", "256"),
            };
            if (raw == null) {
                raw = m;
            }
            line("| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f× | %.2f× | %.2f× | %.2f× | %,.0f "
                    + "| %,.0f |",
                    name, m[0], m[1], m[2], m[3], m[4], m[5], m[0] / raw[0], m[1] / raw[1], raw[4] / m[4],
                    raw[5] / m[5], m[6], m[7]);
        }
        line("");
        for (Map.Entry<String, JsonNode> scenario : file.get("scenarios").properties()) {
            line("- `%s`: %s", scenario.getKey(), scenario.getValue().asText());
        }
        line("");
        line("Per round (p50 µs / p99 µs / ops/s at 256 in flight; load average before → after):");
        line("");
        int index = 1;
        for (JsonNode round : rounds) {
            StringBuilder text = new StringBuilder();
            for (var it = file.get("scenarios").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode r = round.get(name);
                text.append(String.format(Locale.ROOT, "%s %.0f / %.0f / %,d; ", name,
                        r.get("sequential").get("p50Us").asDouble(), r.get("sequential").get("p99Us").asDouble(),
                        r.get("throughputPerSecond").get("256").asLong()));
            }
            line("- round %d: %sload %s → %s", index++, text, round.get("loadAverageBefore").asText(),
                    round.get("loadAverageAfter").asText());
        }
        line("");
    }

    // ---------------------------------------------------------------------------------------- capacity

    private void capacity(JsonNode file) {
        if (file == null) {
            return;
        }
        JsonNode settings = file.get("settings");
        JsonNode mqtt = file.get("overMqtt");
        line("## Local service capacity");
        line("");
        line("| Measurement | Median | Runs |");
        line("|---|---:|---|");
        if (mqtt != null) {
            List<Double> mqttRates = new ArrayList<>();
            mqtt.forEach(r -> mqttRates.add(r.get("updatesPerSecond").asDouble()));
            line("| Updates/s over MQTT: %d things on %d device connections (V2 clients), %d in flight, one broker, "
                    + "one service | %,.0f | %s |", settings.get("thingsPerConnection").asInt()
                    * settings.get("connections").asInt(), settings.get("connections").asInt(),
                    settings.get("windowPerConnection").asInt() * settings.get("connections").asInt(),
                    Results.median(mqttRates), joined(mqttRates));
            for (String key : List.of("coresBusy", "cpuUsPerUpdate")) {
                if (mqtt.get(0).get(key) == null) {
                    continue;
                }
                List<Double> values = new ArrayList<>();
                mqtt.forEach(r -> values.add(r.get(key).asDouble()));
                boolean brokerInJvm = file.path("broker").asText().startsWith("embedded");
                line("| … %s (whole JVM: %s) | %,.1f | %s |",
                        key.equals("coresBusy") ? "cores busy" : "CPU µs per update",
                        brokerInJvm ? "broker, devices, service" : "devices and service; the broker runs apart",
                        Results.median(values), joined(values));
            }
            JsonNode groups = mqtt.get(0).get("cpuUsPerUpdateByThreads");
            for (var it = groups == null ? List.<String>of().iterator() : groups.fieldNames(); it.hasNext(); ) {
                String group = it.next();
                List<Double> values = new ArrayList<>();
                mqtt.forEach(r -> values.add(r.path("cpuUsPerUpdateByThreads").path(group).asDouble()));
                if (values.stream().allMatch(v -> v == 0)) {
                    continue;
                }
                String what = group.equals("contextSwitches") ? "context switches per update, all JVM threads"
                        : "CPU µs per update on threads: " + group;
                line("| … %s | %,.1f | %s |", what, Results.median(values), joined(values));
            }
            JsonNode slices = mqtt.get(0).get("warmupSlicesPerSecond");
            if (slices != null) {
                line("| … warm-up slices before run 1, updates/s | | %s |", slices.toString().replaceAll("[\\[\\]]", "")
                        .replace(",", ", "));
            }
        }
        JsonNode alone = file.get("serviceAlone");
        for (var it = alone == null ? List.<String>of().iterator() : alone.get(0).fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith("threads")) {
                continue;
            }
            List<Double> rates = new ArrayList<>();
            alone.forEach(r -> rates.add(r.get(key).asDouble()));
            line("| Updates/s of the service alone (no broker), %s thread(s) | %,.0f | %s |",
                    key.substring("threads".length()), Results.median(rates), joined(rates));
        }
        line("");
        JsonNode heap = file.get("heap");
        if (heap == null) {
            return;
        }
        line("| Heap, %,d things × %d executions | Median | Runs |", heap.get(0).get("things").asInt(),
                heap.get(0).get("executions").asInt() / heap.get(0).get("things").asInt());
        line("|---|---:|---|");
        for (String key : List.of("usedBeforeMiB", "usedAfterMiB", "usedAfterCloseMiB", "growthMiB",
                "retainedByServiceMiB", "bytesPerExecution", "createSeconds", "createAndPublishEventsSeconds")) {
            List<Double> values = new ArrayList<>();
            heap.forEach(r -> values.add(r.get(key).asDouble()));
            line("| %s | %,.1f | %s |", key, Results.median(values), joined(values));
        }
        line("");
    }

    private static String joined(List<Double> values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, v == Math.rint(v) ? "%,.0f" : "%,.1f", v));
        }
        return text.toString();
    }

    // --------------------------------------------------------------------------------------- footprint

    private void footprint(JsonNode file) {
        if (file == null) {
            return;
        }
        line("## Client footprint");
        line("");
        line("| Measurement | Median | Runs |");
        line("|---|---:|---|");
        JsonNode clients = file.get("clients");
        for (String key : List.of("heapPerClientKiB", "threadsStartedPerClient", "liveThreadsPerClient",
                "liveThreadsPerClientAfterIdle")) {
            if (clients.get(0).get(key) == null) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            clients.forEach(r -> values.add(r.get(key).asDouble()));
            line("| %s (%d V2 clients, two open streams each, one shared connection) | %,.2f | %s |", key,
                    clients.get(0).get("clients").asInt(), Results.median(values), joined(values));
        }
        JsonNode connections = file.get("connections");
        for (String key : List.of("heapPerConnectionKiB", "liveThreadsPerConnection")) {
            List<Double> values = new ArrayList<>();
            connections.forEach(r -> values.add(r.get(key).asDouble()));
            line("| %s (%d connected MqttConnections) | %,.2f | %s |", key,
                    connections.get(0).get("connections").asInt(), Results.median(values), joined(values));
        }
        JsonNode idle = clients.get(clients.size() - 1).get("threadsAfterIdle");
        if (idle != null) {
            line("");
            line("SDK threads alive after the idle period (last run): %s", idle);
        }
        line("");
    }
}
