package io.iotjobs.agent;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.testkit.TestClock;
import io.iotjobs.testkit.clients.TestTransports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local Jobs service on an embedded broker, a {@link TestClock} shared by the service and the agents (through a
 * {@link ManualScheduler}), a checkpoint directory, and helpers to build agents and jobs.
 */
abstract class AgentITBase {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path checkpoints;

    TestClock clock;
    ManualScheduler scheduler;
    EmbeddedBroker broker;
    MqttConnection serviceConnection;
    LocalJobsService service;
    String thing;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<JobsAgent> agents = new ArrayList<>();

    /** The broker of the test (default: the JVM's shared one). */
    EmbeddedBroker broker() {
        return EmbeddedBroker.shared();
    }

    /** Settings of every connection (default: clean sessions). */
    MqttConnectionBuilder connectionSettings(MqttConnectionBuilder builder) {
        return builder;
    }

    @BeforeEach
    void startService() throws Exception {
        broker = broker();
        clock = TestClock.create();
        scheduler = new ManualScheduler(clock);
        thing = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        serviceConnection = connect("jobs-service");
        service = LocalJobsService.builder()
                .connection(serviceConnection)
                .clock(clock)
                .build();
        service.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (JobsAgent agent : agents) {
            agent.close(Duration.ofSeconds(2));
        }
        if (service != null) {
            service.close();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (broker != EmbeddedBroker.shared()) {
            broker.close();
        }
    }

    /** A connected connection with a unique client id, closed after the test. */
    MqttConnection connect(String prefix) throws Exception {
        MqttConnection connection = connectionSettings(TestTransports.apply(
                                MqttConnectionBuilder.plain("127.0.0.1", broker.port()))
                        .clientId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
                        .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)))
                .build();
        closeables.add(0, connection);
        connection.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return connection;
    }

    /** A raw witness of the thing's topics, closed after the test. */
    RawSubscriber witness(String... filters) throws Exception {
        RawSubscriber subscriber = new RawSubscriber(broker.serverUri(), filters);
        closeables.add(0, subscriber);
        return subscriber;
    }

    /** The filter of every update request of the test's thing. */
    String updateRequests() {
        return "$aws/things/" + thing + "/jobs/+/update";
    }

    /** An agent builder for the test's thing on a new connection, with the test scheduler and store. */
    JobsAgent.Builder agent(AgentEvents events) throws Exception {
        return agent(connect("device"), events);
    }

    JobsAgent.Builder agent(MqttConnection connection, AgentEvents events) {
        return JobsAgent.builder(connection, thing)
                .scheduler(scheduler)
                .checkpointStore(CheckpointStore.inDirectory(checkpoints))
                .listener(events)
                .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    /** Builds and starts an agent (closed after the test), waiting until it listens. */
    JobsAgent start(JobsAgent.Builder builder) throws Exception {
        JobsAgent agent = builder.build();
        agents.add(agent);
        agent.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return agent;
    }

    /**
     * Lets the agent's time pass (five seconds per step, a step every fifth of a second at most) until a job is
     * finished: for tests where requests may be lost with the broker, so that the agent's deadlines and retries
     * have to fire.
     */
    JobOutcome driveUntilFinished(AgentEvents events, String jobId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2 * AgentEvents.WAIT_MS;
        while (!events.poll(e -> e.kind().equals("finished") && e.jobId().equals(jobId), 200)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("job " + jobId + " did not finish; events: " + events.all());
            }
            scheduler.advance(Duration.ofSeconds(5));
        }
        return events.awaitFinished(jobId);
    }

    /** Creates a job for the test's thing. */
    void createJob(String jobId, Map<String, ?> document) {
        createJob(jobId, document, b -> b);
    }

    /** Creates a job for the test's thing from JSON text ({@code '} may stand for {@code "}). */
    void createJob(String jobId, String json) {
        service.control()
                .createJob(JobSpec.builder(jobId)
                        .document(JobDocument.parse(json.replace('\'', '"')))
                        .targets(thing)
                        .build());
    }

    void createJob(String jobId, Map<String, ?> document, UnaryOperator<JobSpec.Builder> settings) {
        service.control()
                .createJob(settings.apply(JobSpec.builder(jobId)
                                .document(JobDocument.of(document))
                                .targets(thing))
                        .build());
    }

    /** The service's record of the test thing's execution of a job. */
    JobExecutionData execution(String jobId) {
        return service.control().describeJobExecution(thing, jobId).orElseThrow();
    }
}
