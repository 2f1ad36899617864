package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.Args;
import io.iotjobs.benchmarks.harness.BenchTransport;
import io.iotjobs.benchmarks.harness.BrokerUnderTest;
import io.iotjobs.benchmarks.harness.CpuBreakdown;
import io.iotjobs.benchmarks.harness.Heap;
import io.iotjobs.benchmarks.harness.Latencies;
import io.iotjobs.benchmarks.harness.Machine;
import io.iotjobs.benchmarks.harness.Results;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * End-to-end round trips, all on one broker and machine in one run, over each transport selected: the raw echo of
 * the transport's library (the same library at both ends, no SDK: the physical limit), a raw client of that
 * library against the local Jobs service (the service's share), V2 describe and update against the local service,
 * and the V1 publish → accepted callback. The local service is the same far end for every transport: one service
 * on a Paho v5 connection, so that the rows differ only in the device's transport. For each scenario: sequential
 * latency percentiles after a warm-up, and throughput with 1, 16 and 256 requests in flight, with the CPU time of
 * the whole JVM and of each group of threads (the device's side: the library's threads, the SDK's pools, the
 * requesting thread; the service's connection; the broker). Within a round the scenarios of all transports take
 * turns in short blocks; the summary is the median of the rounds.
 *
 * <pre>
 * java -cp ... io.iotjobs.benchmarks.roundtrip.RoundTripBenchmark [--broker embedded|tcp://host:port]
 *     [--broker-label text] [--receive-maximum 100] [--rounds 3] [--warmup 5000] [--operations 10000]
 *     [--throughput-operations 20000] [--transports paho5,paho3,hivemq5,hivemq311]
 *     [--scenarios raw,raw-service,v2-describe,v2-update,v1-describe] [--out roundtrip.json]
 * </pre>
 */
public final class RoundTripBenchmark {

    private static final String JOB = "bench-job";
    /** The scenarios, each run over every selected transport. */
    static final List<String> ALL_SCENARIOS = List.of("raw", "raw-service", "v2-describe", "v2-update", "v1-describe");
    /** The service's client id prefix: its connection's threads are named after it. */
    private static final String SERVICE_PREFIX = "bench-service-";
    /** The group of the service's connection threads. */
    static final String SERVICE_GROUP = "service (its Paho v5 threads)";

    private static final int[] WINDOWS = {1, 16, 256};
    private static final int BLOCKS = 20;
    private static final long TIMEOUT_SECONDS = 60;

    private RoundTripBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a round trip fails or times out
     */
    public static void main(String[] args) throws Exception {
        Args options = Args.parse(
                args,
                Set.of(
                        "broker",
                        "broker-label",
                        "receive-maximum",
                        "rounds",
                        "warmup",
                        "operations",
                        "throughput-operations",
                        "transports",
                        "scenarios",
                        "out"));
        String brokerUri = options.text("broker", "embedded");
        int receiveMaximum = options.integer("receive-maximum", 100, 1);
        int rounds = options.integer("rounds", 3, 1);
        int warmup = options.integer("warmup", 5_000, 0);
        int operations = options.integer("operations", 10_000, 1);
        int throughputOperations = options.integer("throughput-operations", 20_000, 1);
        Path out = Path.of(options.text("out", "roundtrip.json"));
        List<BenchTransport> transports = BenchTransport.parse(
                options.text("transports", String.join(",", BenchTransport.labels(List.of(BenchTransport.values())))));
        List<String> selected = scenarios(options.text("scenarios", String.join(",", ALL_SCENARIOS)));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("warmup", warmup);
        settings.put("operations", operations);
        settings.put("throughputOperations", throughputOperations);
        settings.put("windows", WINDOWS);
        settings.put("transports", BenchTransport.labels(transports));
        settings.put("service", "local service on " + BenchTransport.PAHO5.description());
        report.put("settings", settings);
        List<Map<String, Object>> roundResults = new ArrayList<>();

        String run = UUID.randomUUID().toString().substring(0, 8);
        String brokerLabel = options.text("broker-label", null);
        try (BrokerUnderTest broker = BrokerUnderTest.open(brokerUri, receiveMaximum, brokerLabel)) {
            report.put("broker", broker.toString());
            System.out.println("broker: " + broker);
            MqttConnection serviceConnection = broker.connect(SERVICE_PREFIX + run);
            List<Scenario> scenarios = new ArrayList<>();
            try (LocalJobsService service =
                    LocalJobsService.builder().connection(serviceConnection).build()) {
                service.start().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                JobDocument document =
                        JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");
                List<String> things = new ArrayList<>();
                for (BenchTransport transport : transports) {
                    for (String scenario : selected) {
                        things.add(thing(transport, scenario, run));
                    }
                }
                service.control()
                        .createJob(JobSpec.builder(JOB)
                                .document(document)
                                .targets(things)
                                .build());
                for (BenchTransport transport : transports) {
                    for (String scenario : selected) {
                        scenarios.add(scenario(broker, transport, scenario, run));
                    }
                }
                Map<String, String> descriptions = new LinkedHashMap<>();
                scenarios.forEach(s -> descriptions.put(s.name(), s.description()));
                report.put("scenarios", descriptions);

                // one untimed pass over every scenario first, so that round 1 does not pay for the JIT alone
                for (Scenario scenario : scenarios) {
                    for (int i = 0; i < warmup; i++) {
                        roundTrip(scenario);
                    }
                    throughput(scenario, WINDOWS[WINDOWS.length - 1], Math.max(warmup, 1));
                }
                for (int round = 1; round <= rounds; round++) {
                    Map<String, Object> results = new LinkedHashMap<>();
                    results.put("loadAverageBefore", Machine.loadAverage());
                    results.putAll(measure(scenarios, warmup, operations, throughputOperations));
                    for (Scenario scenario : scenarios) {
                        System.out.printf(
                                Locale.ROOT,
                                "round %d %-22s %s%n",
                                round,
                                scenario.name(),
                                results.get(scenario.name()));
                    }
                    results.put("loadAverageAfter", Machine.loadAverage());
                    roundResults.add(results);
                }
            } finally {
                scenarios.forEach(Scenario::close);
                serviceConnection.close();
            }
        }
        report.put("rounds", roundResults);
        Results.write(out, report);
        System.out.println();
        System.out.print(summary(
                roundResults,
                List.copyOf(((Map<?, ?>) report.get("scenarios"))
                        .keySet().stream().map(Object::toString).toList())));
        System.out.println("results: " + out.toAbsolutePath());
    }

    /**
     * The scenarios of {@code --scenarios}.
     *
     * @param list comma-separated names
     * @return the names, in the order of {@link #ALL_SCENARIOS}
     * @throws IllegalArgumentException naming {@code --scenarios} for an unknown or empty name
     */
    static List<String> scenarios(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            String trimmed = name.trim();
            if (!ALL_SCENARIOS.contains(trimmed)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario \"" + trimmed + "\"; known: "
                        + String.join(", ", ALL_SCENARIOS));
            }
            names.add(trimmed);
        }
        return ALL_SCENARIOS.stream().filter(names::contains).toList();
    }

    private static String thing(BenchTransport transport, String scenario, String run) {
        return "bench-" + transport.label() + "-" + scenario + "-" + run;
    }

    private static Scenario scenario(BrokerUnderTest broker, BenchTransport transport, String scenario, String run)
            throws Exception {
        String thing = thing(transport, scenario, run);
        String clientId = "bench-" + transport.label() + "-" + scenario + "-" + run;
        switch (scenario) {
            case "raw":
                return raw(broker, transport, thing, clientId);
            case "raw-service":
                return rawToService(broker, transport, thing, clientId);
            case "v2-describe":
                return V2Scenario.describe(transport, broker.connect(clientId, transport), thing, JOB);
            case "v2-update":
                return V2Scenario.update(transport, broker.connect(clientId, transport), thing, JOB);
            case "v1-describe":
                return new V1Scenario(transport, broker.connect(clientId, transport), thing, JOB);
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /**
     * The raw echo on the describe topics of a thing of its own, moved out of {@code $aws} so that the service
     * never sees them.
     */
    private static Scenario raw(BrokerUnderTest broker, BenchTransport transport, String thing, String clientId)
            throws Exception {
        DescribeJobExecutionRequest request = DescribeJobExecutionRequest.builder()
                .thingName(thing)
                .jobId(JOB)
                .includeJobDocument(true)
                .clientToken("0123456789ab-1")
                .build();
        String requestTopic = outsideAws(Operation.DESCRIBE.requestTopic(request));
        String replyTopic = outsideAws(Operation.DESCRIBE.replyTopic(request.thingName(), JOB, ReplyKind.ACCEPTED));
        return RawEchoScenario.echo(transport, broker, clientId, requestTopic, replyTopic, JobsJson.encode(request));
    }

    /** A raw client sending the describe request V2 sends (with a fixed client token) to the local service. */
    private static Scenario rawToService(
            BrokerUnderTest broker, BenchTransport transport, String thing, String clientId) throws Exception {
        DescribeJobExecutionRequest request = DescribeJobExecutionRequest.builder()
                .thingName(thing)
                .jobId(JOB)
                .includeJobDocument(true)
                .clientToken("0123456789ab-1")
                .build();
        return RawEchoScenario.toService(
                transport,
                broker,
                clientId,
                Operation.DESCRIBE.requestTopic(request),
                Operation.DESCRIBE.replyTopic(thing, JOB, ReplyKind.ACCEPTED),
                JobsJson.encode(request));
    }

    private static String outsideAws(String topic) {
        return "bench" + topic.substring(topic.indexOf('/'));
    }

    /**
     * The round trips' threads. The device's side (what a client costs): the MQTT library's threads, the SDK's
     * pools, the thread issuing the requests, and any other thread; the far end: the service's connection (its
     * Paho threads, on whose callback thread the service runs) and the broker.
     */
    static Map<String, Predicate<String>> threadGroups() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put(SERVICE_GROUP, name -> name.contains(SERVICE_PREFIX));
        groups.put("embedded broker", CpuBreakdown.EMBEDDED_BROKER);
        groups.put("client library threads", BenchTransport::isLibraryThread);
        groups.put("client SDK pools", name -> name.startsWith("iotjobs-"));
        groups.put("client requesting thread", name -> name.equals("main"));
        return groups;
    }

    /**
     * The device side's CPU per operation: every group but the service's, the broker's and the JVM's own.
     *
     * @param byGroup the breakdown
     * @return µs per operation
     */
    static double clientCpu(Map<String, Double> byGroup) {
        double sum = 0;
        for (Map.Entry<String, Double> group : byGroup.entrySet()) {
            if (group.getKey().startsWith("client ") || group.getKey().equals("other threads")) {
                sum += group.getValue();
            }
        }
        return Math.round(sum * 10) / 10.0;
    }

    /**
     * One round. The scenarios take turns in short blocks (sequential latency in {@value #BLOCKS} blocks per
     * scenario; throughput window by window), so that a change in the machine's load during the round falls on
     * all of them alike instead of on whichever ran at that moment.
     */
    private static Map<String, Object> measure(
            List<Scenario> scenarios, int warmup, int operations, int throughputOperations) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        Map<Scenario, Latencies> latencies = new LinkedHashMap<>();
        Map<Scenario, long[]> cpu = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            for (int i = 0; i < warmup; i++) {
                roundTrip(scenario);
            }
            latencies.put(scenario, new Latencies(operations));
            cpu.put(scenario, new long[1]);
        }
        for (int block = 0; block < BLOCKS; block++) {
            int count = operations / BLOCKS + (block < operations % BLOCKS ? 1 : 0);
            for (Scenario scenario : scenarios) {
                long before = Heap.processCpuNanos();
                for (int i = 0; i < count; i++) {
                    latencies.get(scenario).record(roundTrip(scenario));
                }
                cpu.get(scenario)[0] += Heap.processCpuNanos() - before;
            }
        }
        Map<Scenario, Map<String, Object>> throughput = new LinkedHashMap<>();
        Map<Scenario, Map<String, Object>> throughputCpu = new LinkedHashMap<>();
        Map<Scenario, Map<String, Object>> clientCpu = new LinkedHashMap<>();
        Map<Scenario, Map<String, Object>> byThreads = new LinkedHashMap<>();
        for (int window : WINDOWS) {
            for (Scenario scenario : scenarios) {
                throughput(scenario, window, Math.min(throughputOperations, Math.max(window * 10, warmup / 2)));
                long before = Heap.processCpuNanos();
                CpuBreakdown breakdown = CpuBreakdown.start(threadGroups());
                double perSecond = throughput(scenario, window, throughputOperations);
                Map<String, Double> groups = breakdown.perOperation(throughputOperations);
                long used = Heap.processCpuNanos() - before;
                String key = Integer.toString(window);
                throughput.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).put(key, Math.round(perSecond));
                throughputCpu
                        .computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                        .put(key, cpuMicros(used, throughputOperations));
                clientCpu.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).put(key, clientCpu(groups));
                byThreads.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).put(key, groups);
            }
        }
        for (Scenario scenario : scenarios) {
            Map<String, Object> sequential = latencies.get(scenario).summary();
            sequential.put("cpuUsPerOp", cpuMicros(cpu.get(scenario)[0], operations));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sequential", sequential);
            result.put("throughputPerSecond", throughput.get(scenario));
            result.put("throughputCpuUsPerOp", throughputCpu.get(scenario));
            result.put("clientCpuUsPerOp", clientCpu.get(scenario));
            result.put("cpuUsPerOpByThreads", byThreads.get(scenario));
            results.put(scenario.name(), result);
        }
        return results;
    }

    /** CPU time of the whole JVM (clients, broker, service) per operation, in microseconds. */
    private static double cpuMicros(long nanos, int operations) {
        return Math.round(nanos / 100.0 / operations) / 10.0;
    }

    private static long roundTrip(Scenario scenario) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        scenario.start(failure -> {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
        done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return System.nanoTime() - start;
    }

    private static double throughput(Scenario scenario, int window, int operations) throws Exception {
        Semaphore permits = new Semaphore(window);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            if (!permits.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new TimeoutException(scenario + ": no reply within " + TIMEOUT_SECONDS + " s, " + window
                        + " in flight, after " + i + " of " + operations);
            }
            scenario.start(failure -> {
                if (failure != null) {
                    failed.compareAndSet(null, failure);
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(window, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException(
                    scenario + ": replies missing after " + TIMEOUT_SECONDS + " s, " + window + " in flight");
        }
        long elapsed = System.nanoTime() - start;
        if (failed.get() != null) {
            throw new IllegalStateException(scenario.name() + ": a round trip failed", failed.get());
        }
        return operations * 1e9 / elapsed;
    }

    @SuppressWarnings("unchecked")
    private static double median(List<Map<String, Object>> rounds, String scenario, String group, String key) {
        return Results.median(rounds.stream()
                .map(r -> (Number) ((Map<String, Object>) ((Map<String, Object>) r.get(scenario)).get(group)).get(key))
                .toList());
    }

    /**
     * The medians over the rounds, as text (the ratios are in the report's tables).
     *
     * @param rounds the rounds' results
     * @param names the scenarios
     * @return a table
     */
    static String summary(List<Map<String, Object>> rounds, List<String> names) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "median of %d round(s)%n", rounds.size()));
        text.append(String.format(
                Locale.ROOT,
                "%-22s %9s %9s %9s %9s %9s %9s | %10s %10s%n",
                "scenario",
                "p50 us",
                "p99 us",
                "p99.9 us",
                "tput@1",
                "tput@16",
                "tput@256",
                "cpu@256 us",
                "client us"));
        for (String name : names) {
            text.append(String.format(
                    Locale.ROOT,
                    "%-22s %9.1f %9.1f %9.1f %9.0f %9.0f %9.0f | %10.1f %10.1f%n",
                    name,
                    median(rounds, name, "sequential", "p50Us"),
                    median(rounds, name, "sequential", "p99Us"),
                    median(rounds, name, "sequential", "p999Us"),
                    median(rounds, name, "throughputPerSecond", "1"),
                    median(rounds, name, "throughputPerSecond", "16"),
                    median(rounds, name, "throughputPerSecond", "256"),
                    median(rounds, name, "throughputCpuUsPerOp", "256"),
                    median(rounds, name, "clientCpuUsPerOp", "256")));
        }
        text.append("(cpu@256: the whole JVM's CPU per round trip at 256 in flight; client: the device side's)\n");
        return text.toString();
    }
}
