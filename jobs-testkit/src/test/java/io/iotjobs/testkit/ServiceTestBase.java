package io.iotjobs.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A local service on an in-memory broker with a test clock, and raw devices. */
abstract class ServiceTestBase {

    /** Epoch seconds of the test clock's start. */
    static final long T0 = TestClock.DEFAULT_START.getEpochSecond();

    InMemoryBroker broker;
    TestClock clock;
    LocalJobsService service;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startService() {
        broker = new InMemoryBroker();
        clock = TestClock.create();
        service = newService(b -> b);
    }

    /** Starts another service (each on a client of its own); closed after the test. */
    LocalJobsService newService(UnaryOperator<LocalJobsService.Builder> settings) {
        InMemoryBroker.Client client = broker.connect("jobs-service-" + closeables.size());
        LocalJobsService created = settings.apply(
                        LocalJobsService.builder().transport(client).clock(clock))
                .build();
        created.start().join();
        closeables.add(created);
        return created;
    }

    @AfterEach
    void stopService() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        broker.close();
    }

    RawDevice device(String thingName) {
        RawDevice device = new RawDevice(broker, thingName);
        closeables.add(0, device);
        return device;
    }

    JobsControl control() {
        return service.control();
    }

    /** Creates a job for the targets with the document {"name":jobId}. */
    void createJob(String jobId, String... targets) {
        control().createJob(jobId, doc(jobId), List.of(targets), Optional.empty());
    }

    static JobDocument doc(String name) {
        return JobDocument.parse("{\"name\":\"" + name + "\"}");
    }

    /** Parses expected JSON written with single quotes. */
    static JsonNode json(String text) {
        return RawDevice.json(text.replace('\'', '"'));
    }

    /** Waits (bounded) until the service has scheduled this many clock tasks, e.g. a delayed reply. */
    void awaitPendingTasks(int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (clock.pendingTasks() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " clock tasks, have " + clock.pendingTasks());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    void advanceSeconds(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    long now() {
        return clock.now().getEpochSecond();
    }
}
