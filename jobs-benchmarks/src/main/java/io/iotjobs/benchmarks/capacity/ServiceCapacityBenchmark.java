package io.iotjobs.benchmarks.capacity;

import io.iotjobs.benchmarks.harness.Args;
import io.iotjobs.benchmarks.harness.BenchTransport;
import io.iotjobs.benchmarks.harness.BrokerUnderTest;
import io.iotjobs.benchmarks.harness.CpuBreakdown;
import io.iotjobs.benchmarks.harness.Heap;
import io.iotjobs.benchmarks.harness.Machine;
import io.iotjobs.benchmarks.harness.Results;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.testkit.JobsServiceEngine;
import io.iotjobs.internal.testkit.ServiceConfig;
import io.iotjobs.internal.testkit.SystemServiceClock;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.v2.IotJobsClientV2;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What the local Jobs service sustains:
 * <ol>
 *   <li><b>updates per second over MQTT</b>: many devices (things spread over several device connections, each
 *       with a V2 client) update their IN_PROGRESS executions as fast as a window of requests in flight allows,
 *       all through one broker to one service, the service and the devices on the same transport; each run
 *       goes over every selected transport in turn, each with a fresh service and devices. The warm-up runs in
 *       slices of {@code --warmup-seconds} until three in a row agree within 10% (at most
 *       {@code --warmup-slices}, 24 by default): with the broker in
 *       the same JVM the JIT takes tens of seconds on two cores;</li>
 *   <li><b>updates per second of the service alone</b>: the same update requests handed straight to the
 *       service's subscriber with no broker (decode, validate, state change, reply encode), on 1 to
 *       <i>cores</i> threads;</li>
 *   <li><b>heap</b> for many things with many executions: used heap after GC before and after creating them
 *       through {@code JobsControl}, and after the service is closed and released.</li>
 * </ol>
 *
 * <pre>
 * java -cp ... io.iotjobs.benchmarks.capacity.ServiceCapacityBenchmark [--broker embedded|tcp://host:port]
 *     [--broker-label text] [--receive-maximum 100] [--runs 3] [--connections 8] [--things-per-connection 125]
 *     [--window 64] [--parts mqtt,alone,heap] [--transports paho5,paho3,hivemq5,hivemq311]
 *     [--warmup-seconds 5] [--warmup-slices 24] [--seconds 10] [--heap-things 10000] [--heap-jobs 10]
 *     [--out capacity.json]
 * </pre>
 */
public final class ServiceCapacityBenchmark {

    private static final String JOB = "cap-job";
    private static final JobDocument DOCUMENT =
            JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");

    private ServiceCapacityBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a request fails or times out
     */
    public static void main(String[] args) throws Exception {
        Args options = Args.parse(
                args,
                Set.of(
                        "broker",
                        "broker-label",
                        "receive-maximum",
                        "runs",
                        "connections",
                        "things-per-connection",
                        "window",
                        "warmup-seconds",
                        "seconds",
                        "heap-things",
                        "heap-jobs",
                        "parts",
                        "transports",
                        "warmup-slices",
                        "out"));
        String brokerUri = options.text("broker", "embedded");
        int receiveMaximum = options.integer("receive-maximum", 100, 1);
        int runs = options.integer("runs", 3, 1);
        int connections = options.integer("connections", 8, 1);
        int thingsPerConnection = options.integer("things-per-connection", 125, 1);
        int window = options.integer("window", 64, 1);
        int warmupSeconds = options.integer("warmup-seconds", 5, 0);
        int warmupSlices = options.integer("warmup-slices", 24, 3);
        int seconds = options.integer("seconds", 10, 1);
        int heapThings = options.integer("heap-things", 10_000, 1);
        int heapJobs = options.integer("heap-jobs", 10, 1);
        Path out = Path.of(options.text("out", "capacity.json"));
        List<BenchTransport> transports = BenchTransport.parse(
                options.text("transports", String.join(",", BenchTransport.labels(List.of(BenchTransport.values())))));
        List<String> parts = List.of(options.text("parts", "mqtt,alone,heap").split(","));
        for (String part : parts) {
            if (!List.of("mqtt", "alone", "heap").contains(part)) {
                throw new IllegalArgumentException("--parts: unknown part " + part + "; known: mqtt, alone, heap");
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("connections", connections);
        settings.put("thingsPerConnection", thingsPerConnection);
        settings.put("windowPerConnection", window);
        settings.put("warmupSeconds", warmupSeconds);
        settings.put("seconds", seconds);
        settings.put("heapThings", heapThings);
        settings.put("heapJobs", heapJobs);
        settings.put("transports", BenchTransport.labels(transports));
        report.put("settings", settings);

        String brokerLabel = options.text("broker-label", null);
        try (BrokerUnderTest broker = BrokerUnderTest.open(brokerUri, receiveMaximum, brokerLabel)) {
            report.put("broker", broker.toString());
            System.out.println("broker: " + broker);
            if (parts.contains("mqtt")) {
                report.put(
                        "overMqtt",
                        overMqtt(
                                broker,
                                transports,
                                runs,
                                connections,
                                thingsPerConnection,
                                window,
                                warmupSeconds,
                                warmupSlices,
                                seconds));
            }
            if (parts.contains("alone")) {
                report.put(
                        "serviceAlone", serviceAlone(runs, connections * thingsPerConnection, warmupSeconds, seconds));
            }
            if (parts.contains("heap")) {
                report.put("heap", heap(broker, runs, heapThings, heapJobs));
            }
        }
        Results.write(out, report);
        System.out.println("results: " + out.toAbsolutePath());
    }

    // --------------------------------------------------------------------------------------- over MQTT

    /**
     * The runs over MQTT, transport by transport within each run, so that a change in the machine's load falls
     * on all of them alike: for each, a fresh service and devices on that transport, a warm-up, one measured run.
     */
    private static Map<String, List<Map<String, Object>>> overMqtt(
            BrokerUnderTest broker,
            List<BenchTransport> transports,
            int runs,
            int connectionCount,
            int thingsPerConnection,
            int window,
            int warmupSeconds,
            int warmupSlices,
            int seconds)
            throws Exception {
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        for (int r = 1; r <= runs; r++) {
            for (BenchTransport transport : transports) {
                Map<String, Object> result = overMqtt(
                        broker,
                        transport,
                        connectionCount,
                        thingsPerConnection,
                        window,
                        warmupSeconds,
                        warmupSlices,
                        seconds);
                results.computeIfAbsent(transport.label(), k -> new ArrayList<>())
                        .add(result);
                System.out.printf(
                        Locale.ROOT,
                        "over MQTT run %d, %s: %s updates/s, %s cores busy%n",
                        r,
                        transport.label(),
                        result.get("updatesPerSecond"),
                        result.get("coresBusy"));
            }
        }
        return results;
    }

    private static Map<String, Object> overMqtt(
            BrokerUnderTest broker,
            BenchTransport transport,
            int connectionCount,
            int thingsPerConnection,
            int window,
            int warmupSeconds,
            int warmupSlices,
            int seconds)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        MqttConnection serviceConnection = broker.connect("cap-service-" + run, transport);
        List<MqttConnection> connections = new ArrayList<>();
        List<IotJobsClientV2> clients = new ArrayList<>();
        try (LocalJobsService service =
                LocalJobsService.builder().connection(serviceConnection).build()) {
            service.start().get(60, TimeUnit.SECONDS);
            List<String> things = new ArrayList<>();
            List<UpdateJobExecutionRequest> requests = new ArrayList<>();
            List<IotJobsClientV2> clientOf = new ArrayList<>();
            for (int c = 0; c < connectionCount; c++) {
                MqttConnection connection = broker.connect("cap-device-" + run + "-" + c, transport);
                connections.add(connection);
                IotJobsClientV2 client = IotJobsClientV2.builder(connection)
                        .subscriptionBudget(thingsPerConnection + 1)
                        .operationTimeout(Duration.ofSeconds(60))
                        .build();
                clients.add(client);
                for (int t = 0; t < thingsPerConnection; t++) {
                    String thing = "cap-" + run + "-" + c + "-" + t;
                    things.add(thing);
                    requests.add(UpdateJobExecutionRequest.builder()
                            .thingName(thing)
                            .jobId(JOB)
                            .status(JobStatus.IN_PROGRESS)
                            .statusDetails(Map.of("progress", "50%"))
                            .build());
                    clientOf.add(client);
                }
            }
            service.control()
                    .createJob(JobSpec.builder(JOB)
                            .document(DOCUMENT)
                            .targets(things)
                            .build());
            // interleave connections so that consecutive requests go to different connections
            int[] order = new int[things.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = (i % connectionCount) * thingsPerConnection + i / connectionCount;
            }
            // every execution QUEUED -> IN_PROGRESS once, which also subscribes every reply filter
            drive(clientOf, requests, order, connectionCount * window, 0, 0);
            System.out.printf(
                    Locale.ROOT,
                    "over MQTT, %s: %d things on %d connections, %d in flight%n",
                    transport.label(),
                    things.size(),
                    connectionCount,
                    connectionCount * window);
            // With the broker, many MQTT clients and the service in one JVM on few cores, the JIT needs tens of
            // seconds before the rate settles. Warm up in slices until the last three agree within 10% and the JIT
            // compiled for less than 2% of the last slice (a rate can hold steady for a while at a level the JIT
            // is still raising); at most warmupSlices slices.
            List<Long> warmup = new ArrayList<>();
            int slice = Math.max(warmupSeconds, 1);
            long compiling = 0;
            do {
                long compiledBefore = compilationMillis();
                double rate = drive(clientOf, requests, order, connectionCount * window, 0, slice);
                compiling = compilationMillis() - compiledBefore;
                warmup.add(Math.round(rate));
                System.out.printf(
                        Locale.ROOT,
                        "over MQTT warm-up, %s: %.0f updates/s, JIT %d ms%n",
                        transport.label(),
                        rate,
                        compiling);
            } while (warmup.size() < warmupSlices && (!settled(warmup) || compiling > slice * 1000L / 50));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("loadAverageBefore", Machine.loadAverage());
            long cpu = Heap.processCpuNanos();
            CpuBreakdown breakdown = CpuBreakdown.start(threadGroups());
            long started = System.nanoTime();
            double perSecond = drive(clientOf, requests, order, connectionCount * window, 0, seconds);
            double elapsed = (System.nanoTime() - started) / 1e9;
            double cores = (Heap.processCpuNanos() - cpu) / (elapsed * 1e9);
            result.put("updatesPerSecond", Math.round(perSecond));
            result.put("coresBusy", Math.round(cores * 100) / 100.0);
            result.put("cpuUsPerUpdate", Math.round(cores * 1e7 / perSecond) / 10.0);
            result.put("cpuUsPerUpdateByThreads", breakdown.perOperation(Math.round(perSecond * elapsed)));
            result.put("loadAverageAfter", Machine.loadAverage());
            result.put("warmupSlicesPerSecond", warmup);
            return result;
        } finally {
            clients.forEach(IotJobsClientV2::close);
            connections.forEach(MqttConnection::close);
            serviceConnection.close();
        }
    }

    /**
     * The capacity run's threads: the HiveMQ transport's event loops (shared by every HiveMQ connection of the
     * JVM, the service's and the devices' alike: on them the SDK matches, decodes and correlates replies and the
     * service runs) and RxJava's; the SDK's shared pools; with Paho, its receiving, sending and callback threads of
     * the service's connection (the local service runs on its callback thread) and of the device connections
     * (where the SDK matches, decodes and correlates replies on the callback thread); the embedded broker; the
     * thread issuing the requests.
     */
    private static Map<String, Predicate<String>> threadGroups() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("HiveMQ event loops (service and devices)", name -> name.startsWith("iotjobs-hivemq"));
        groups.put("RxJava", name -> name.startsWith("Rx"));
        groups.put("SDK pools", name -> name.startsWith("iotjobs-"));
        for (String role : List.of("service", "device")) {
            for (String thread : List.of("Rec", "Snd", "Call")) {
                groups.put(role + " Paho " + thread, name -> name.startsWith("MQTT " + thread + ": cap-" + role + "-"));
            }
            groups.put(role + " Paho other", name -> name.contains("cap-" + role + "-"));
        }
        groups.put("embedded broker", CpuBreakdown.EMBEDDED_BROKER);
        groups.put("requesting thread", name -> name.equals("main"));
        return groups;
    }

    /** Time the JIT spent compiling so far, or 0 where the JVM does not tell. */
    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static boolean settled(List<Long> slices) {
        if (slices.size() < 3) {
            return false;
        }
        List<Long> last = slices.subList(slices.size() - 3, slices.size());
        long max = last.stream().mapToLong(Long::longValue).max().orElse(0);
        long min = last.stream().mapToLong(Long::longValue).min().orElse(0);
        return max > 0 && max - min <= 0.1 * max;
    }

    /**
     * Sends updates round-robin over the things with {@code window} in flight. With {@code seconds == 0} it
     * sends one update per thing and returns 0; otherwise it runs for the warm-up, then counts the updates
     * accepted during {@code seconds}.
     */
    private static double drive(
            List<IotJobsClientV2> clientOf,
            List<UpdateJobExecutionRequest> requests,
            int[] order,
            int window,
            int warmupSeconds,
            int seconds)
            throws Exception {
        Semaphore permits = new Semaphore(window);
        LongAdder accepted = new LongAdder();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        long countAtFrom = -1;
        long countAtTo = -1;
        long fromNanos = 0;
        long toNanos = 0;
        int sent = 0;
        for (int i = 0; ; i++) {
            long now = System.nanoTime();
            if (seconds == 0 && sent == order.length) {
                break;
            }
            if (seconds > 0 && countAtFrom < 0 && now >= measureFrom) {
                countAtFrom = accepted.sum();
                fromNanos = now;
            }
            if (seconds > 0 && now >= measureTo) {
                countAtTo = accepted.sum();
                toNanos = now;
                break;
            }
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no reply within 60 s");
            }
            int index = order[i % order.length];
            clientOf.get(index).updateJobExecution(requests.get(index)).whenComplete((reply, failure) -> {
                if (failure != null) {
                    failed.compareAndSet(null, failure);
                } else {
                    accepted.increment();
                }
                permits.release();
            });
            sent++;
        }
        if (!permits.tryAcquire(window, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("replies missing after 60 s");
        }
        if (failed.get() != null) {
            throw new IllegalStateException("an update failed", failed.get());
        }
        return seconds == 0 ? 0 : (countAtTo - countAtFrom) * 1e9 / (toNanos - fromNanos);
    }

    // ----------------------------------------------------------------------------------- service alone

    private static List<Map<String, Object>> serviceAlone(int runs, int thingCount, int warmupSeconds, int seconds)
            throws Exception {
        DirectTransport transport = new DirectTransport();
        List<Map<String, Object>> results = new ArrayList<>();
        try (SystemServiceClock clock = new SystemServiceClock("cap-direct-timers");
                JobsServiceEngine engine = new JobsServiceEngine(transport, clock, ServiceConfig.DEFAULT)) {
            engine.start().get(10, TimeUnit.SECONDS);
            List<String> things = new ArrayList<>();
            for (int i = 0; i < thingCount; i++) {
                things.add("direct-" + i);
            }
            engine.control().createJob(JOB, DOCUMENT, things, Optional.empty());
            String[] topics = new String[thingCount];
            byte[][] payloads = new byte[thingCount][];
            for (int i = 0; i < thingCount; i++) {
                UpdateJobExecutionRequest request = UpdateJobExecutionRequest.builder()
                        .thingName(things.get(i))
                        .jobId(JOB)
                        .status(JobStatus.IN_PROGRESS)
                        .statusDetails(Map.of("progress", "50%"))
                        .clientToken("0123456789ab-" + Integer.toString(i, 36))
                        .build();
                topics[i] = Operation.UPDATE.requestTopic(request);
                payloads[i] = JobsJson.encode(request);
                transport.deliver(topics[i], payloads[i]);
            }
            long setupMessages = transport.other();
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "service alone: %d things%n", thingCount);
            for (int r = 1; r <= runs; r++) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("loadAverageBefore", Machine.loadAverage());
                for (int threads = 1; threads <= cores; threads++) {
                    double perSecond = hammer(transport, topics, payloads, threads, warmupSeconds, seconds);
                    result.put("threads" + threads, Math.round(perSecond));
                    System.out.printf(
                            Locale.ROOT, "service alone run %d, %d thread(s): %.0f updates/s%n", r, threads, perSecond);
                }
                result.put("loadAverageAfter", Machine.loadAverage());
                results.add(result);
            }
            if (transport.other() != setupMessages) {
                throw new IllegalStateException((transport.other() - setupMessages) + " rejections or events: the "
                        + "measured updates were not all plain accepted updates");
            }
        }
        return results;
    }

    private static double hammer(
            DirectTransport transport, String[] topics, byte[][] payloads, int threads, int warmupSeconds, int seconds)
            throws Exception {
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long to = from + TimeUnit.SECONDS.toNanos(seconds);
        long[] counts = new long[threads];
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        long measured = 0;
                        for (int i = worker; ; i += threads) {
                            if (i >= topics.length) {
                                i = worker;
                            }
                            long now = System.nanoTime();
                            if (now >= to) {
                                break;
                            }
                            transport.deliver(topics[i], payloads[i]);
                            if (now >= from) {
                                measured++;
                            }
                        }
                        counts[worker] = measured;
                    },
                    runnable -> {
                        Thread thread = new Thread(runnable, "cap-direct-" + worker);
                        thread.start();
                    }));
        }
        CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0]))
                .get(warmupSeconds + seconds + 60L, TimeUnit.SECONDS);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total / (double) seconds;
    }

    // -------------------------------------------------------------------------------------------- heap

    private static List<Map<String, Object>> heap(BrokerUnderTest broker, int runs, int thingCount, int jobs)
            throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> things = new ArrayList<>();
        for (int i = 0; i < thingCount; i++) {
            things.add(String.format(Locale.ROOT, "device-%06d", i));
        }
        for (int r = 1; r <= runs; r++) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            MqttConnection connection = broker.connect("heap-service-" + run);
            try {
                LocalJobsService service =
                        LocalJobsService.builder().connection(connection).build();
                service.start().get(60, TimeUnit.SECONDS);
                drain(connection, run);
                long before = Heap.usedAfterGc();
                long started = System.nanoTime();
                for (int j = 0; j < jobs; j++) {
                    service.control()
                            .createJob(JobSpec.builder("heap-job-" + j)
                                    .document(DOCUMENT)
                                    .targets(things)
                                    .build());
                }
                long createdNanos = System.nanoTime() - started;
                drain(connection, run);
                long published = System.nanoTime() - started;
                int perThing = service.control()
                        .listJobExecutionsForThing(things.get(thingCount - 1))
                        .size();
                if (perThing != jobs) {
                    throw new IllegalStateException("expected " + jobs + " executions per thing, found " + perThing);
                }
                long after = Heap.usedAfterGc();
                service.close();
                service = null;
                long released = Heap.usedAfterGc();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("things", thingCount);
                result.put("executions", (long) thingCount * jobs);
                result.put("usedBeforeMiB", Heap.mib(before));
                result.put("usedAfterMiB", Heap.mib(after));
                result.put("usedAfterCloseMiB", Heap.mib(released));
                result.put("growthMiB", Heap.mib(after - before));
                result.put("retainedByServiceMiB", Heap.mib(after - released));
                result.put("bytesPerExecution", (after - released) / ((long) thingCount * jobs));
                result.put("createSeconds", Math.round(createdNanos / 1e7) / 100.0);
                result.put("createAndPublishEventsSeconds", Math.round(published / 1e7) / 100.0);
                results.add(result);
                System.out.printf(Locale.ROOT, "heap run %d: %s%n", r, result);
            } finally {
                connection.close();
            }
        }
        return results;
    }

    /** Waits until everything the service queued on its connection has been sent. */
    private static void drain(MqttConnection connection, String run) throws Exception {
        ConnectionAccess.transport(connection)
                .publish("bench/drain/" + run, new byte[0], Qos.AT_LEAST_ONCE)
                .get(300, TimeUnit.SECONDS);
    }
}
