package io.iotjobs.benchmarks.footprint;

import io.iotjobs.benchmarks.harness.Args;
import io.iotjobs.benchmarks.harness.BrokerUnderTest;
import io.iotjobs.benchmarks.harness.Heap;
import io.iotjobs.benchmarks.harness.Machine;
import io.iotjobs.benchmarks.harness.Results;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What an idle client costs: heap (used after GC) and threads per V2 client with its two event streams open
 * (notify and notify-next), the clients sharing one connection; and heap and threads per connected
 * {@code MqttConnection}. Thread counts are read right after the streams opened, and again after the clients
 * sat idle for a while (the default callback pool lets idle threads go).
 *
 * <pre>
 * java -cp ... io.iotjobs.benchmarks.footprint.ClientFootprintBenchmark [--broker embedded|tcp://host:port]
 *     [--broker-label text] [--runs 3] [--clients 200] [--connections 50] [--idle-seconds 35] [--out footprint.json]
 * </pre>
 */
public final class ClientFootprintBenchmark {

    private ClientFootprintBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a stream does not open
     */
    public static void main(String[] args) throws Exception {
        Args options = Args.parse(
                args,
                Set.of(
                        "broker",
                        "broker-label",
                        "receive-maximum",
                        "runs",
                        "clients",
                        "connections",
                        "idle-seconds",
                        "out"));
        String brokerUri = options.text("broker", "embedded");
        int receiveMaximum = options.integer("receive-maximum", 100, 1);
        int runs = options.integer("runs", 3, 1);
        int clientCount = options.integer("clients", 200, 1);
        int connectionCount = options.integer("connections", 50, 1);
        int idleSeconds = options.integer("idle-seconds", 35, 0);
        Path out = Path.of(options.text("out", "footprint.json"));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clients", clientCount);
        settings.put("connections", connectionCount);
        settings.put("idleSeconds", idleSeconds);
        report.put("settings", settings);
        List<Map<String, Object>> clientRuns = new ArrayList<>();
        List<Map<String, Object>> connectionRuns = new ArrayList<>();
        String brokerLabel = options.text("broker-label", null);
        try (BrokerUnderTest broker = BrokerUnderTest.open(brokerUri, receiveMaximum, brokerLabel)) {
            report.put("broker", broker.toString());
            System.out.println("broker: " + broker);
            // one throwaway pass loads the classes, so that class metadata is not charged to the first run
            clients(broker, Math.min(clientCount, 10), 0);
            connections(broker, Math.min(connectionCount, 5));
            for (int r = 1; r <= runs; r++) {
                Map<String, Object> c = clients(broker, clientCount, idleSeconds);
                clientRuns.add(c);
                System.out.printf(Locale.ROOT, "clients run %d: %s%n", r, c);
                Map<String, Object> n = connections(broker, connectionCount);
                connectionRuns.add(n);
                System.out.printf(Locale.ROOT, "connections run %d: %s%n", r, n);
            }
        }
        report.put("clients", clientRuns);
        report.put("connections", connectionRuns);
        Results.write(out, report);
        System.out.println("results: " + out.toAbsolutePath());
    }

    private static Map<String, Object> clients(BrokerUnderTest broker, int count, int idleSeconds) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        MqttConnection connection = broker.connect("footprint-" + run);
        List<IotJobsClientV2> clients = new ArrayList<>();
        List<StreamingOperation> streams = new ArrayList<>();
        try {
            long heapBefore = Heap.usedAfterGc();
            int liveBefore = Heap.liveThreads();
            long startedBefore = Heap.startedThreads();
            List<CompletableFuture<Void>> opened = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String thing = "footprint-" + run + "-" + i;
                IotJobsClientV2 client = new IotJobsClientV2(connection);
                clients.add(client);
                StreamingOperation notify = client.createJobExecutionsChangedStream(
                        JobExecutionsChangedSubscriptionRequest.builder()
                                .thingName(thing)
                                .build(),
                        ServiceStreamOptions.of(event -> {}));
                StreamingOperation next = client.createNextJobExecutionChangedStream(
                        NextJobExecutionChangedSubscriptionRequest.builder()
                                .thingName(thing)
                                .build(),
                        ServiceStreamOptions.of(event -> {}));
                streams.add(notify);
                streams.add(next);
                opened.add(notify.open());
                opened.add(next.open());
            }
            CompletableFuture.allOf(opened.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            int liveOpen = Heap.liveThreads();
            long startedOpen = Heap.startedThreads();
            long heapOpen = Heap.usedAfterGc();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("clients", count);
            result.put("heapPerClientKiB", Math.round((heapOpen - heapBefore) / 1024.0 / count * 10) / 10.0);
            result.put("threadsStartedPerClient", (double) (startedOpen - startedBefore) / count);
            result.put("liveThreadsPerClient", (double) (liveOpen - liveBefore) / count);
            if (idleSeconds > 0) {
                // the default pool retires threads idle for 30 s; nothing here to wait for but time itself
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleSeconds);
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
                result.put("liveThreadsPerClientAfterIdle", (double) (Heap.liveThreads() - liveBefore) / count);
                result.put("threadsAfterIdle", threadNames());
            }
            return result;
        } finally {
            streams.forEach(StreamingOperation::close);
            clients.forEach(IotJobsClientV2::close);
            connection.close();
        }
    }

    /** Live threads of the SDK grouped by name with the numbers taken out, e.g. {@code iotjobs-callback-#: 4}. */
    private static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new java.util.TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("iotjobs-")) {
                names.merge(thread.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return names;
    }

    private static Map<String, Object> connections(BrokerUnderTest broker, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<MqttConnection> connections = new ArrayList<>();
        try {
            long heapBefore = Heap.usedAfterGc();
            int liveBefore = Heap.liveThreads();
            for (int i = 0; i < count; i++) {
                connections.add(broker.connect("footprint-conn-" + run + "-" + i));
            }
            int liveAfter = Heap.liveThreads();
            long heapAfter = Heap.usedAfterGc();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("connections", count);
            result.put("heapPerConnectionKiB", Math.round((heapAfter - heapBefore) / 1024.0 / count * 10) / 10.0);
            result.put("liveThreadsPerConnection", (double) (liveAfter - liveBefore) / count);
            return result;
        } finally {
            connections.forEach(MqttConnection::close);
        }
    }
}
