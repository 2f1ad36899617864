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

    private Report() {}

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
        System.out.print(render(Path.of(args[0])));
    }

    /**
     * The tables of one results folder.
     *
     * @param folder the results folder
     * @return Markdown
     * @throws IOException if a file cannot be read
     */
    static String render(Path folder) throws IOException {
        Report report = new Report();
        report.machine(folder);
        report.codec(read(folder.resolve("jmh.json")));
        report.roundTrip(read(folder.resolve("roundtrip.json")));
        report.capacity(read(folder.resolve("capacity.json")));
        report.footprint(read(folder.resolve("footprint.json")));
        return report.out.toString();
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
            JsonNode m = file == null ? null : file.get("machine");
            if (m != null) {
                line("## Machine");
                line("");
                line(
                        "- %s cores, %s, %s RAM",
                        m.get("cores").asText(),
                        m.get("cpu").asText(),
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
                line(
                        "| %s (`%s`) | %,d | %,.0f | %,.0f | %.2f× | %,.0f | %,.0f |",
                        sample.description(),
                        sample.name(),
                        sample.size(),
                        sdk[0],
                        streaming[0],
                        ratio,
                        sdk[1],
                        streaming[1]);
            }
            line("");
        }
        line(
                "Largest SDK / streaming ratio: decode %.2f×, encode %.2f× (target: within 1.3×).",
                worstDecode, worstEncode);
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

    /** The median over the rounds of one thread group's CPU per operation at a window. */
    private static double threadsMedian(JsonNode rounds, String scenario, String window, String group) {
        List<Double> values = new ArrayList<>();
        for (JsonNode round : rounds) {
            values.add(round.get(scenario)
                    .path("cpuUsPerOpByThreads")
                    .path(window)
                    .path(group)
                    .asDouble());
        }
        return Results.median(values);
    }

    /** The transport of a scenario key ({@code hivemq5/v2-update}), or "" for a key without one. */
    private static String transportOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The scenario of a key without its transport. */
    private static String scenarioOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    private static String key(String transport, String scenario) {
        return transport.isEmpty() ? scenario : transport + "/" + scenario;
    }

    private void roundTrip(JsonNode file) {
        if (file == null) {
            return;
        }
        JsonNode rounds = file.get("rounds");
        JsonNode settings = file.get("settings");
        List<String> names = new ArrayList<>();
        file.get("scenarios").fieldNames().forEachRemaining(names::add);
        line(
                "## Round trips (median of %d rounds; %s sequential after %s warm-up, throughput over %s operations)",
                rounds.size(),
                settings.get("operations").asText(),
                settings.get("warmup").asText(),
                settings.get("throughputOperations").asText());
        line("");
        if (settings.has("service")) {
            line(
                    "The far end of every V2, V1 and raw-service row: the %s. CPU is per round trip: the whole JVM "
                            + "(broker, service and client), and the client's share (the device's side: the MQTT library's "
                            + "threads, the SDK's pools and the requesting thread; each thread's own CPU time).",
                    settings.get("service").asText());
            line("");
        }
        line("| Scenario | p50 µs | p99 µs | p99.9 µs | ops/s, 1 in flight | ops/s, 16 | ops/s, 256 | p50 ÷ raw | "
                + "ops/s at 256 ÷ raw | CPU µs/op, sequential | CPU µs/op, 256 | client CPU µs/op, 16 "
                + "| client CPU µs/op, 256 |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        boolean clientCpu = rounds.get(0).get(names.get(0)).has("clientCpuUsPerOp");
        for (String name : names) {
            String raw = key(transportOf(name), "raw");
            if (!names.contains(raw)) {
                raw = names.get(0);
            }
            line(
                    "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f× | %.2f× | %,.0f | %,.0f | %s | %s |",
                    name,
                    median(rounds, name, "sequential", "p50Us"),
                    median(rounds, name, "sequential", "p99Us"),
                    median(rounds, name, "sequential", "p999Us"),
                    median(rounds, name, "throughputPerSecond", "1"),
                    median(rounds, name, "throughputPerSecond", "16"),
                    median(rounds, name, "throughputPerSecond", "256"),
                    median(rounds, name, "sequential", "p50Us") / median(rounds, raw, "sequential", "p50Us"),
                    median(rounds, name, "throughputPerSecond", "256")
                            / median(rounds, raw, "throughputPerSecond", "256"),
                    median(rounds, name, "sequential", "cpuUsPerOp"),
                    median(rounds, name, "throughputCpuUsPerOp", "256"),
                    clientCpu
                            ? String.format(Locale.ROOT, "%,.1f", median(rounds, name, "clientCpuUsPerOp", "16"))
                            : "",
                    clientCpu
                            ? String.format(Locale.ROOT, "%,.1f", median(rounds, name, "clientCpuUsPerOp", "256"))
                            : "");
        }
        line("");
        line("(`p50 ÷ raw`, `ops/s at 256 ÷ raw`: against the raw echo of the same library.)");
        line("");
        for (Map.Entry<String, JsonNode> scenario : file.get("scenarios").properties()) {
            line("- `%s`: %s", scenario.getKey(), scenario.getValue().asText());
        }
        line("");
        if (clientCpu) {
            againstPaho(rounds, names);
            threads(rounds, names);
        }
        line("Per round (p50 µs / ops/s at 256 in flight / client CPU µs per round trip at 256; load average before "
                + "→ after):");
        line("");
        int index = 1;
        for (JsonNode round : rounds) {
            StringBuilder text = new StringBuilder();
            for (String name : names) {
                JsonNode r = round.get(name);
                text.append(String.format(
                        Locale.ROOT,
                        "%s %.0f / %,d / %s; ",
                        name,
                        r.get("sequential").get("p50Us").asDouble(),
                        r.get("throughputPerSecond").get("256").asLong(),
                        r.path("clientCpuUsPerOp").path("256").asText("-")));
            }
            line(
                    "- round %d: %sload %s → %s",
                    index++,
                    text,
                    round.get("loadAverageBefore").asText(),
                    round.get("loadAverageAfter").asText());
        }
        line("");
    }

    /**
     * Each transport's scenarios against the same scenario over Paho v5, in the same run, and the targets: V2 over
     * the HiveMQ transport at most 0.6× the client CPU per request of V2 over Paho v5 and at least 1.3× its
     * throughput, both at 256 in flight.
     */
    private void againstPaho(JsonNode rounds, List<String> names) {
        if (names.stream().noneMatch(n -> transportOf(n).equals("paho5"))) {
            return;
        }
        line("### Against Paho v5 in the same run (ratios of the medians)");
        line("");
        line("| Scenario | client CPU per request at 256 ÷ Paho v5 | ops/s at 256 ÷ Paho v5 | ops/s at 16 ÷ Paho v5 "
                + "| p50 ÷ Paho v5 | targets (HiveMQ, V2: CPU ≤ 0.60×, ops/s ≥ 1.30×) |");
        line("|---|---:|---:|---:|---:|---|");
        for (String name : names) {
            String paho = key("paho5", scenarioOf(name));
            if (transportOf(name).equals("paho5") || !names.contains(paho)) {
                continue;
            }
            double cpu =
                    median(rounds, name, "clientCpuUsPerOp", "256") / median(rounds, paho, "clientCpuUsPerOp", "256");
            double ops = median(rounds, name, "throughputPerSecond", "256")
                    / median(rounds, paho, "throughputPerSecond", "256");
            String verdict = "";
            if (transportOf(name).startsWith("hivemq") && scenarioOf(name).startsWith("v2-")) {
                verdict = "CPU " + (cpu <= 0.6 ? "met" : "missed") + ", ops/s " + (ops >= 1.3 ? "met" : "missed");
            }
            line(
                    "| %s | %.2f× | %.2f× | %.2f× | %.2f× | %s |",
                    name,
                    cpu,
                    ops,
                    median(rounds, name, "throughputPerSecond", "16")
                            / median(rounds, paho, "throughputPerSecond", "16"),
                    median(rounds, name, "sequential", "p50Us") / median(rounds, paho, "sequential", "p50Us"),
                    verdict);
        }
        line("");
    }

    /** Where the CPU of a round trip at 256 in flight goes, by groups of threads. */
    private void threads(JsonNode rounds, List<String> names) {
        List<String> groups = new ArrayList<>();
        rounds.get(0)
                .get(names.get(0))
                .path("cpuUsPerOpByThreads")
                .path("256")
                .fieldNames()
                .forEachRemaining(groups::add);
        line("### CPU µs per round trip at 256 in flight, by threads (median of the rounds)");
        line("");
        StringBuilder header = new StringBuilder("| Scenario |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String group : groups) {
            header.append(' ')
                    .append(group.equals("contextSwitches") ? "context switches" : group)
                    .append(" |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        for (String name : names) {
            StringBuilder row = new StringBuilder("| " + name + " |");
            for (String group : groups) {
                row.append(String.format(Locale.ROOT, " %,.1f |", threadsMedian(rounds, name, "256", group)));
            }
            line("%s", row);
        }
        line("");
    }

    // ---------------------------------------------------------------------------------------- capacity

    private void capacity(JsonNode file) {
        if (file == null) {
            return;
        }
        line("## Local service capacity");
        line("");
        JsonNode settings = file.get("settings");
        JsonNode mqtt = file.get("overMqtt");
        if (mqtt != null) {
            overMqtt(file, settings, mqtt.isArray() ? JSON.createObjectNode().set("paho5", mqtt) : mqtt);
        }
        JsonNode alone = file.get("serviceAlone");
        if (alone != null) {
            line("| Measurement | Median | Runs |");
            line("|---|---:|---|");
        }
        for (var it = alone == null
                        ? List.<String>of().iterator()
                        : alone.get(0).fieldNames();
                it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith("threads")) {
                continue;
            }
            List<Double> rates = new ArrayList<>();
            alone.forEach(r -> rates.add(r.get(key).asDouble()));
            line(
                    "| Updates/s of the service alone (no broker), %s thread(s) | %,.0f | %s |",
                    key.substring("threads".length()), Results.median(rates), joined(rates));
        }
        line("");
        JsonNode heap = file.get("heap");
        if (heap == null) {
            return;
        }
        line(
                "| Heap, %,d things × %d executions | Median | Runs |",
                heap.get(0).get("things").asInt(),
                heap.get(0).get("executions").asInt()
                        / heap.get(0).get("things").asInt());
        line("|---|---:|---|");
        for (String key : List.of(
                "usedBeforeMiB",
                "usedAfterMiB",
                "usedAfterCloseMiB",
                "growthMiB",
                "retainedByServiceMiB",
                "bytesPerExecution",
                "createSeconds",
                "createAndPublishEventsSeconds")) {
            List<Double> values = new ArrayList<>();
            heap.forEach(r -> values.add(r.get(key).asDouble()));
            line("| %s | %,.1f | %s |", key, Results.median(values), joined(values));
        }
        line("");
    }

    /**
     * The runs over MQTT, a column per transport (the service and the devices on it), with the CPU per update of
     * each group of threads and the target: over the HiveMQ transport at least 1.6× the Paho v5 capacity.
     */
    private void overMqtt(JsonNode file, JsonNode settings, JsonNode byTransport) {
        List<String> transports = new ArrayList<>();
        byTransport.fieldNames().forEachRemaining(transports::add);
        boolean brokerInJvm = file.path("broker").asText().startsWith("embedded");
        line(
                "Updates/s over MQTT: %d things on %d device connections (V2 clients), %d in flight, one broker, one "
                        + "service; the service and the devices on the transport of the column. CPU: the whole JVM (%s), "
                        + "and by groups of threads (each thread's own CPU time, system calls included).",
                settings.get("thingsPerConnection").asInt()
                        * settings.get("connections").asInt(),
                settings.get("connections").asInt(),
                settings.get("windowPerConnection").asInt()
                        * settings.get("connections").asInt(),
                brokerInJvm ? "broker, devices, service" : "devices and service; the broker runs apart");
        line("");
        StringBuilder header = new StringBuilder("| Measurement (median of the runs) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String transport : transports) {
            header.append(' ').append(transport).append(" |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String transport : transports) {
            rates.put(transport, medianOf(byTransport.get(transport), "updatesPerSecond"));
        }
        row(transports, "updates/s", t -> String.format(Locale.ROOT, "%,.0f", rates.get(t)));
        row(transports, "… runs", t -> joined(valuesOf(byTransport.get(t), "updatesPerSecond")));
        if (rates.containsKey("paho5")) {
            row(transports, "… ÷ Paho v5", t -> String.format(Locale.ROOT, "%.2f×", rates.get(t) / rates.get("paho5")));
        }
        row(
                transports,
                "cores busy (whole JVM)",
                t -> String.format(Locale.ROOT, "%.2f", medianOf(byTransport.get(t), "coresBusy")));
        row(
                transports,
                "CPU µs per update (whole JVM)",
                t -> String.format(Locale.ROOT, "%,.1f", medianOf(byTransport.get(t), "cpuUsPerUpdate")));
        List<String> groups = new ArrayList<>();
        for (String transport : transports) {
            byTransport
                    .get(transport)
                    .get(0)
                    .path("cpuUsPerUpdateByThreads")
                    .fieldNames()
                    .forEachRemaining(g -> {
                        if (!groups.contains(g)) {
                            groups.add(g);
                        }
                    });
        }
        for (String group : groups) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String transport : transports) {
                List<Double> runs = new ArrayList<>();
                byTransport
                        .get(transport)
                        .forEach(r -> runs.add(
                                r.path("cpuUsPerUpdateByThreads").path(group).asDouble()));
                values.put(transport, Results.median(runs));
            }
            if (values.values().stream().allMatch(v -> v == 0)) {
                continue;
            }
            row(
                    transports,
                    group.equals("contextSwitches")
                            ? "… context switches per update, all JVM threads"
                            : "… CPU µs per update on threads: " + group,
                    t -> String.format(Locale.ROOT, "%,.1f", values.get(t)));
        }
        row(transports, "load average before the runs", t -> {
            StringBuilder loads = new StringBuilder();
            byTransport
                    .get(t)
                    .forEach(r -> loads.append(loads.length() == 0 ? "" : "; ")
                            .append(r.path("loadAverageBefore").asText()));
            return loads.toString();
        });
        line("");
        if (rates.containsKey("paho5")) {
            for (String transport : transports) {
                if (transport.startsWith("hivemq")) {
                    double ratio = rates.get(transport) / rates.get("paho5");
                    line(
                            "- %s: %.2f× the Paho v5 capacity in the same run (target ≥ 1.60×: %s)",
                            transport, ratio, ratio >= 1.6 ? "met" : "missed");
                }
            }
            line("");
        }
    }

    private void row(List<String> transports, String what, java.util.function.Function<String, String> cell) {
        StringBuilder row = new StringBuilder("| " + what + " |");
        for (String transport : transports) {
            row.append(' ').append(cell.apply(transport)).append(" |");
        }
        line("%s", row);
    }

    private static List<Double> valuesOf(JsonNode runs, String key) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(r.path(key).asDouble()));
        return values;
    }

    private static double medianOf(JsonNode runs, String key) {
        return Results.median(valuesOf(runs, key));
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
        for (String key : List.of(
                "heapPerClientKiB",
                "threadsStartedPerClient",
                "liveThreadsPerClient",
                "liveThreadsPerClientAfterIdle")) {
            if (clients.get(0).get(key) == null) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            clients.forEach(r -> values.add(r.get(key).asDouble()));
            line(
                    "| %s (%d V2 clients, two open streams each, one shared connection) | %,.2f | %s |",
                    key, clients.get(0).get("clients").asInt(), Results.median(values), joined(values));
        }
        JsonNode connections = file.get("connections");
        for (String key : List.of("heapPerConnectionKiB", "liveThreadsPerConnection")) {
            List<Double> values = new ArrayList<>();
            connections.forEach(r -> values.add(r.get(key).asDouble()));
            line(
                    "| %s (%d connected MqttConnections) | %,.2f | %s |",
                    key, connections.get(0).get("connections").asInt(), Results.median(values), joined(values));
        }
        JsonNode idle = clients.get(clients.size() - 1).get("threadsAfterIdle");
        if (idle != null) {
            line("");
            line("SDK threads alive after the idle period (last run): %s", idle);
        }
        line("");
    }
}
