package io.iotjobs.it.hivemq;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick comparison of the transports, not a test: QoS 1 round trips through an embedded broker in this JVM, a
 * device publishing requests and an echo client answering each, both over the transport under test and through
 * the SDK's {@link MqttConnection}, with a fixed number of round trips in flight. It prints the round trips per
 * second and the CPU time of the client side (every thread but the broker's) per round trip, for each round and
 * as the median of the rounds, after a warm-up of two rounds' time.
 *
 * <p>Run it from the project root after {@code mvn -B -q -pl jobs-transport-hivemq -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test}:
 * <pre>
 * java -cp jobs-transport-hivemq/target/test-classes:jobs-transport-hivemq/target/classes:$(cat \
 *     jobs-transport-hivemq/target/test.classpath) io.iotjobs.transport.hivemq.RoundTripComparison [inFlight] [seconds] [rounds]
 * </pre>
 */
public final class RoundTripComparison {

    private static final byte[] PAYLOAD = new byte[64];

    private RoundTripComparison() {}

    /** One measured round. */
    private record Round(double perSecond, double cpuMicrosPerRoundTrip) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f/s %.1f us", perSecond, cpuMicrosPerRoundTrip);
        }
    }

    /**
     * Runs the comparison.
     *
     * @param args in flight (default 256), seconds per round (default 5), rounds (default 3)
     * @throws Exception if the broker or a connection fails
     */
    public static void main(String[] args) throws Exception {
        int inFlight = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Map<String, TransportFactory> transports = Map.of(
                "Paho v5",
                PahoV5Transport.factory(),
                "HiveMQ MQTT 5",
                HiveMqTransport.mqtt5(),
                "HiveMQ MQTT 3.1.1",
                HiveMqTransport.mqtt311());
        System.out.printf(
                Locale.ROOT,
                "QoS 1 echo round trips, %d in flight, %d rounds of %d s, %d cores%n",
                inFlight,
                rounds,
                seconds,
                Runtime.getRuntime().availableProcessors());
        try (EmbeddedBroker broker =
                EmbeddedBroker.builder().receiveMaximum(4 * inFlight).start()) {
            for (String name : List.of("Paho v5", "HiveMQ MQTT 5", "HiveMQ MQTT 3.1.1")) {
                List<Round> measured = run(broker, transports.get(name), inFlight, seconds, rounds);
                List<Double> rates = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                for (Round round : measured) {
                    rates.add(round.perSecond());
                    cpu.add(round.cpuMicrosPerRoundTrip());
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-18s median %8.0f round trips/s, %6.1f us client CPU per round" + " trip   (rounds: %s)%n",
                        name,
                        median(rates),
                        median(cpu),
                        measured);
            }
        }
        // the broker's threads are not daemons
        System.exit(0);
    }

    private static List<Round> run(
            EmbeddedBroker broker, TransportFactory factory, int inFlight, int seconds, int rounds) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String requests = "bench/" + run + "/requests";
        String responses = "bench/" + run + "/responses";
        try (MqttConnection device = connect(broker, factory, "device-" + run);
                MqttConnection echo = connect(broker, factory, "echo-" + run)) {
            echo.subscribe(requests, Qos.AT_LEAST_ONCE, m -> echo.publish(responses, m.payload(), Qos.AT_LEAST_ONCE))
                    .get(10, TimeUnit.SECONDS);
            Semaphore window = new Semaphore(inFlight);
            AtomicLong completed = new AtomicLong();
            device.subscribe(responses, Qos.AT_LEAST_ONCE, m -> {
                        completed.incrementAndGet();
                        window.release();
                    })
                    .get(10, TimeUnit.SECONDS);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread driver = new Thread(
                    () -> {
                        while (running.get()) {
                            try {
                                if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                    device.publish(requests, PAYLOAD, Qos.AT_LEAST_ONCE);
                                }
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "bench-driver");
            driver.start();
            try {
                // warm-up: the JIT, the broker's queues and the clients' buffers settle
                measure(completed, 2 * seconds);
                List<Round> measured = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    measured.add(measure(completed, seconds));
                }
                return measured;
            } finally {
                running.set(false);
                driver.join();
            }
        }
    }

    private static MqttConnection connect(EmbeddedBroker broker, TransportFactory factory, String clientId)
            throws Exception {
        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId(clientId)
                .transport(factory)
                .build();
        connection.connect().get(10, TimeUnit.SECONDS);
        return connection;
    }

    private static Round measure(AtomicLong completed, int seconds) throws InterruptedException {
        Map<Long, Long> everyBefore = cpuByThread(true);
        Map<Long, Long> cpuBefore = clientCpu();
        long before = completed.get();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long roundTrips = completed.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<Long, Long> cpuAfter = clientCpu();
        if (Boolean.getBoolean("bench.threads")) {
            // every thread's share, the broker's included, to check which threads count as the client's
            Map<Long, Long> everyAfter = cpuByThread(true);
            Map<Long, String> names = new HashMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> names.put(t.getId(), t.getName()));
            everyAfter.entrySet().stream()
                    .map(e -> Map.entry(
                            names.getOrDefault(e.getKey(), "?"),
                            e.getValue() - everyBefore.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 10_000_000L)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf(
                            Locale.ROOT,
                            "    %-48s %6d ms%s%n",
                            e.getKey(),
                            e.getValue() / 1_000_000,
                            isBrokers(e.getKey()) ? " (broker)" : ""));
        }
        long cpuNanos = 0;
        for (Map.Entry<Long, Long> thread : cpuAfter.entrySet()) {
            cpuNanos += thread.getValue() - cpuBefore.getOrDefault(thread.getKey(), 0L);
        }
        return new Round(roundTrips / elapsed, roundTrips == 0 ? 0 : cpuNanos / 1e3 / roundTrips);
    }

    /** CPU time so far of every live thread but the broker's, by thread id. */
    private static Map<Long, Long> clientCpu() {
        return cpuByThread(false);
    }

    private static boolean isBrokers(String threadName) {
        return threadName.startsWith("hivemq-") || threadName.startsWith("single-writer");
    }

    private static Map<Long, Long> cpuByThread(boolean withBroker) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!withBroker && isBrokers(thread.getName())) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(thread.getId());
            if (nanos >= 0) {
                cpu.put(thread.getId(), nanos);
            }
        }
        return cpu;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
