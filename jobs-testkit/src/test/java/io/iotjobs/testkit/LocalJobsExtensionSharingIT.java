package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests running at the same time on the shared broker, as with JUnit's parallel execution: the extension's
 * callbacks are driven directly, each "test" on a thread of its own. Every device request must be answered by
 * exactly one service, the one whose test claimed the thing.
 */
class LocalJobsExtensionSharingIT {

    private final RawMqttClient.Group clients = new RawMqttClient.Group();
    private final ExecutorService otherTestThread = Executors.newSingleThreadExecutor();
    private final ExecutorService thirdTestThread = Executors.newSingleThreadExecutor();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            cleanups.get(i).run();
        }
        clients.close();
        otherTestThread.shutdownNow();
        thirdTestThread.shutdownNow();
    }

    /** The root context of the fake tests of one test method, whose store the extension shares state in. */
    private final ExtensionContext root = context("root", null);

    /**
     * A context with the unique id, a store and the root, which is all the extension's callbacks read. The
     * root's store is closed at clean-up, as JUnit closes it at the end of a run.
     */
    private ExtensionContext context(String uniqueId) {
        return context(uniqueId, root);
    }

    @SuppressWarnings("unchecked")
    private ExtensionContext context(String uniqueId, ExtensionContext parent) {
        Map<Object, Object> values = new ConcurrentHashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "get":
                            return values.get(args[0]);
                        case "put":
                            return values.put(args[0], args[1]);
                        case "remove":
                            return values.remove(args[0]);
                        case "getOrComputeIfAbsent":
                            return values.computeIfAbsent(
                                    args[0], key -> ((java.util.function.Function<Object, Object>) args[1]).apply(key));
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        if (parent == null) {
            cleanups.add(
                    0,
                    () -> values.values().forEach(value -> {
                        try {
                            ((AutoCloseable) value).close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
        return (ExtensionContext) Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getUniqueId":
                        case "getDisplayName":
                        case "toString":
                            return uniqueId;
                        case "getRoot":
                            return parent == null ? proxy : parent;
                        case "getStore":
                            return store;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** Runs the extension's beforeEach for a test on this thread, and its afterEach at clean-up. */
    private void startHere(LocalJobsExtension extension, String testId) {
        ExtensionContext context = context(testId);
        extension.beforeEach(context);
        cleanups.add(() -> extension.afterEach(context));
    }

    /** Runs beforeEach on the other test thread, as a parallel test would. */
    private void startElsewhere(LocalJobsExtension extension, String testId) throws Exception {
        startOn(otherTestThread, extension, testId);
    }

    private void startOn(ExecutorService thread, LocalJobsExtension extension, String testId) throws Exception {
        ExtensionContext context = context(testId);
        thread.submit(() -> extension.beforeEach(context)).get(30, TimeUnit.SECONDS);
        cleanups.add(() -> {
            try {
                thread.submit(() -> extension.afterEach(context)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A raw device on the broker the extensions use (the shared one, or the one named by iotjobs.it.broker). */
    private BrokerDevice device(String thing) throws Exception {
        return BrokerDevice.connect(clients, LocalJobsExtension.create().brokerUri(), thing);
    }

    @Test
    void eachThingIsServedByTheServiceOfTheTestThatClaimedIt() throws Exception {
        LocalJobsExtension first = LocalJobsExtension.create();
        LocalJobsExtension second = LocalJobsExtension.create();
        startHere(first, "[test:first]");
        startElsewhere(second, "[test:second]");
        String firstThing = first.uniqueThingName("first");
        String secondThing = second.uniqueThingName("second");
        first.control().createJob(JobSpec.builder("same-id").targets(firstThing).build());
        second.control()
                .createJob(JobSpec.builder("same-id").targets(secondThing).build());
        second.control()
                .createJob(JobSpec.builder("second-only").targets(secondThing).build());
        BrokerDevice firstDevice = device(firstThing);
        BrokerDevice secondDevice = device(secondThing);
        BrokerDevice unclaimed = device(RawMqttClient.uniqueId("nobody"));

        JsonNode firstPending = firstDevice.request("get", "{'clientToken':'p1'}", "accepted");
        firstDevice.assertQuiet("q1");
        JsonNode secondPending = secondDevice.request("get", "{'clientToken':'p2'}", "accepted");
        secondDevice.assertQuiet("q2");
        JsonNode nobodysPending = unclaimed.request("get", "{'clientToken':'p3'}", "accepted");
        unclaimed.assertQuiet("q3");

        assertThat(jobIds(firstPending)).containsExactly("same-id");
        assertThat(jobIds(secondPending)).containsExactly("same-id", "second-only");
        assertThat(jobIds(nobodysPending)).isEmpty();
        assertThat(second.control().listJobs())
                .as("from a foreign thread: the extension's only running test")
                .containsExactlyInAnyOrder("same-id", "second-only");
    }

    @Test
    void aForeignThreadCannotTellWhichOfSeveralRunningTestsItMeans() throws Exception {
        LocalJobsExtension shared = LocalJobsExtension.create();
        startElsewhere(shared, "[test:a]");
        startOn(thirdTestThread, shared, "[test:b]");

        assertThatThrownBy(shared::control)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 tests run in parallel");
        assertThat(thirdTestThread.submit(() -> shared.control()).get(10, TimeUnit.SECONDS))
                .as("on its own thread a test gets its own service")
                .isNotSameAs(otherTestThread.submit(() -> shared.control()).get(10, TimeUnit.SECONDS));
    }

    @Test
    void systemClockAndConnectionPerTest() throws Exception {
        LocalJobsExtension extension =
                LocalJobsExtension.builder().systemClock().connectionPerTest().build();
        Instant before = Instant.now();
        startHere(extension, "[test:system-clock]");
        String thing = extension.uniqueThingName("system");
        extension.control().createJob(JobSpec.builder("j").targets(thing).build());

        JsonNode pending = device(thing).request("get", "{}", "accepted");

        assertThat(jobIds(pending)).containsExactly("j");
        assertThat(Instant.ofEpochSecond(pending.path("timestamp").asLong()))
                .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThatThrownBy(extension::clock)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system clock");
        assertThat(Duration.between(before, extension.service().clock().instant())
                        .abs())
                .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aBrokerUriThatIsNotPlainMqttIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LocalJobsExtension.builder().brokerUri("ssl://127.0.0.1:8883"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("brokerUri:");
        assertThatThrownBy(() -> LocalJobsExtension.builder().brokerUri("not a uri"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("brokerUri:");
    }

    private static List<String> jobIds(JsonNode pending) {
        List<String> ids = new ArrayList<>();
        pending.path("inProgressJobs").forEach(j -> ids.add(j.path("jobId").asText()));
        pending.path("queuedJobs").forEach(j -> ids.add(j.path("jobId").asText()));
        return ids;
    }
}
