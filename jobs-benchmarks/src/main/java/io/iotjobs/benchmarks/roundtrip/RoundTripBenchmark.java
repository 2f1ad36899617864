package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.Args;
import io.iotjobs.benchmarks.harness.BrokerUnderTest;
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

/**
 * End-to-end round trips, all on one broker and machine in one run: the raw-MQTT echo (the physical limit),
 * a raw client against the local Jobs service (the service's share), V2 describe and update against the local
 * service, and the V1 publish → accepted callback. For each:
 * sequential latency percentiles after a warm-up, and throughput with 1, 16 and 256 requests in flight; then
 * the ratio of each to the raw echo. Within a round the scenarios take turns in short blocks; the summary is
 * the median of the rounds.
 *
 * <pre>
 * java -cp ... io.iotjobs.benchmarks.roundtrip.RoundTripBenchmark [--broker embedded|tcp://host:port]
 *     [--broker-label text] [--receive-maximum 100] [--rounds 3] [--warmup 5000] [--operations 10000]
 *     [--throughput-operations 20000] [--scenarios raw,raw-service,v2-describe,...] [--out roundtrip.json]
 * </pre>
 */
public final class RoundTripBenchmark {

    private static final String JOB = "bench-job";
    private static final List<String> ALL_SCENARIOS = List.of("raw", "raw-service", "v2-describe", "v2-update",
            "v1-describe");
    private static final int[] WINDOWS = {1, 16, 256};
    private static final int BLOCKS = 20;
    private static final long TIMEOUT_SECONDS = 60;

    private RoundTripBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a round trip fails or times out
     */
    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args, Set.of("broker", "broker-label", "receive-maximum", "rounds", "warmup",
                "operations", "throughput-operations", "scenarios", "out"));
        String brokerUri = options.text("broker", "embedded");
        int receiveMaximum = options.integer("receive-maximum", 100, 1);
        int rounds = options.integer("rounds", 3, 1);
        int warmup = options.integer("warmup", 5_000, 0);
        int operations = options.integer("operations", 10_000, 1);
        int throughputOperations = options.integer("throughput-operations", 20_000, 1);
        Path out = Path.of(options.text("out", "roundtrip.json"));
        List<String> selected = List.of(options.text("scenarios", String.join(",", ALL_SCENARIOS)).split(","));
        for (String name : selected) {
            if (!ALL_SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario " + name + "; known: "
                        + ALL_SCENARIOS);
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("warmup", warmup);
        settings.put("operations", operations);
        settings.put("throughputOperations", throughputOperations);
        settings.put("windows", WINDOWS);
        report.put("settings", settings);
        List<Map<String, Object>> roundResults = new ArrayList<>();

        String run = UUID.randomUUID().toString().substring(0, 8);
        String brokerLabel = options.text("broker-label", null);
        try (BrokerUnderTest broker = BrokerUnderTest.open(brokerUri, receiveMaximum, brokerLabel)) {
            report.put("broker", broker.toString());
            System.out.println("broker: " + broker);
            MqttConnection serviceConnection = broker.connect("bench-service-" + run);
            List<Scenario> scenarios = new ArrayList<>();
            try (LocalJobsService service = LocalJobsService.builder().connection(serviceConnection).build()) {
                service.start().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                JobDocument document =
                        JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");
                String describeThing = "bench-describe-" + run;
                String updateThing = "bench-update-" + run;
                String v1Thing = "bench-v1-" + run;
                String rawServiceThing = "bench-raw-service-" + run;
                service.control().createJob(JobSpec.builder(JOB).document(document)
                        .targets(List.of(describeThing, updateThing, v1Thing, rawServiceThing)).build());

                if (selected.contains("raw")) {
                    scenarios.add(raw(broker, run));
                }
                if (selected.contains("raw-service")) {
                    scenarios.add(rawToService(broker, run, rawServiceThing));
                }
                if (selected.contains("v2-describe")) {
                    scenarios.add(V2Scenario.describe(broker.connect("bench-v2d-" + run), describeThing, JOB));
                }
                if (selected.contains("v2-update")) {
                    scenarios.add(V2Scenario.update(broker.connect("bench-v2u-" + run), updateThing, JOB));
                }
                if (selected.contains("v1-describe")) {
                    scenarios.add(new V1Scenario(broker.connect("bench-v1-" + run), v1Thing, JOB));
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
                        System.out.printf(Locale.ROOT, "round %d %-12s %s%n", round, scenario.name(),
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
        System.out.print(summary(roundResults, scenarioNames(roundResults)));
        System.out.println("results: " + out.toAbsolutePath());
    }

    /**
     * The raw echo on the describe topics of a thing of its own, moved out of {@code $aws} so that the service
     * never sees them.
     */
    private static Scenario raw(BrokerUnderTest broker, String run) throws Exception {
        DescribeJobExecutionRequest request = DescribeJobExecutionRequest.builder()
                .thingName("bench-raw-" + run).jobId(JOB).includeJobDocument(true).clientToken("0123456789ab-1")
                .build();
        String requestTopic = outsideAws(Operation.DESCRIBE.requestTopic(request));
        String replyTopic = outsideAws(Operation.DESCRIBE.replyTopic(request.thingName(), JOB, ReplyKind.ACCEPTED));
        return RawEchoScenario.echo(broker.uri(), "bench-raw-" + run, requestTopic, replyTopic,
                JobsJson.encode(request));
    }

    /** A raw client sending the describe request V2 sends (with a fixed client token) to the local service. */
    private static Scenario rawToService(BrokerUnderTest broker, String run, String thing) throws Exception {
        DescribeJobExecutionRequest request = DescribeJobExecutionRequest.builder()
                .thingName(thing).jobId(JOB).includeJobDocument(true).clientToken("0123456789ab-1").build();
        return RawEchoScenario.toService(broker.uri(), "bench-raw-service-" + run,
                Operation.DESCRIBE.requestTopic(request),
                Operation.DESCRIBE.replyTopic(thing, JOB, ReplyKind.ACCEPTED), JobsJson.encode(request));
    }

    private static String outsideAws(String topic) {
        return "bench" + topic.substring(topic.indexOf('/'));
    }

    /**
     * One round. The scenarios take turns in short blocks (sequential latency in {@value #BLOCKS} blocks per
     * scenario; throughput window by window), so that a change in the machine's load during the round falls on
     * all of them alike instead of on whichever ran at that moment.
     */
    private static Map<String, Object> measure(List<Scenario> scenarios, int warmup, int operations,
            int throughputOperations) throws Exception {
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
        for (int window : WINDOWS) {
            for (Scenario scenario : scenarios) {
                throughput(scenario, window, Math.min(throughputOperations, Math.max(window * 10, warmup / 2)));
                long before = Heap.processCpuNanos();
                double perSecond = throughput(scenario, window, throughputOperations);
                long used = Heap.processCpuNanos() - before;
                throughput.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                        .put(Integer.toString(window), Math.round(perSecond));
                throughputCpu.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                        .put(Integer.toString(window), cpuMicros(used, throughputOperations));
            }
        }
        for (Scenario scenario : scenarios) {
            Map<String, Object> sequential = latencies.get(scenario).summary();
            sequential.put("cpuUsPerOp", cpuMicros(cpu.get(scenario)[0], operations));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sequential", sequential);
            result.put("throughputPerSecond", throughput.get(scenario));
            result.put("throughputCpuUsPerOp", throughputCpu.get(scenario));
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
                throw new TimeoutException(scenario.name() + ": no reply within " + TIMEOUT_SECONDS + " s");
            }
            scenario.start(failure -> {
                if (failure != null) {
                    failed.compareAndSet(null, failure);
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(window, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException(scenario.name() + ": replies missing after " + TIMEOUT_SECONDS + " s");
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

    private static List<String> scenarioNames(List<Map<String, Object>> rounds) {
        return rounds.get(0).keySet().stream().filter(ALL_SCENARIOS::contains).toList();
    }

    /**
     * The medians over the rounds and the ratios to the first scenario (the raw echo when it ran), as text.
     *
     * @param rounds the rounds' results
     * @param names the scenarios, the raw echo first
     * @return a table
     */
    static String summary(List<Map<String, Object>> rounds, List<String> names) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "median of %d round(s)%n", rounds.size()));
        text.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s %9s %9s %9s | %8s %8s %8s %8s%n", "scenario",
                "p50 us", "p99 us", "p99.9 us", "tput@1", "tput@16", "tput@256", "p50/raw", "p99/raw", "t16/raw",
                "t256/raw"));
        double[] raw = null;
        for (String name : names) {
            double[] m = new double[6];
            String[] keys = {"p50Us", "p99Us", "p999Us"};
            for (int k = 0; k < 3; k++) {
                m[k] = median(rounds, name, "sequential", keys[k]);
            }
            for (int w = 0; w < WINDOWS.length; w++) {
                m[3 + w] = median(rounds, name, "throughputPerSecond", Integer.toString(WINDOWS[w]));
            }
            if (raw == null) {
                raw = m;
            }
            text.append(String.format(Locale.ROOT,
                    "%-12s %9.1f %9.1f %9.1f %9.0f %9.0f %9.0f | %7.2fx %7.2fx %7.2fx %7.2fx%n", name, m[0], m[1],
                    m[2], m[3], m[4], m[5], m[0] / raw[0], m[1] / raw[1], raw[4] / m[4], raw[5] / m[5]));
        }
        text.append("(p50/raw, p99/raw: latency ratio to the raw echo; t16/raw, t256/raw: how many times the raw "
                + "echo's throughput is higher)\n");
        return text.toString();
    }
}
