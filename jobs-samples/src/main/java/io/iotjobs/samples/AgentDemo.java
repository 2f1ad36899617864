package io.iotjobs.samples;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.agent.JobContext;
import io.iotjobs.agent.JobResult;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A runnable demonstration of the job agent against the local Jobs service: an embedded broker, the service, a
 * device running an agent with three demo handlers, and five jobs (one succeeds with progress and checkpoints,
 * one fails, one has no handler and is rejected, one is canceled while it runs, and one succeeds after it).
 * Everything runs in real time and takes a few seconds.
 *
 * <p>The samples command {@code agent} runs it ({@link AgentCommand}); {@link #main} runs it on a broker of its own.
 */
final class AgentDemo {

    private static final Duration STEP = Duration.ofMillis(300);

    private AgentDemo() {}

    /**
     * Runs the demonstration on a broker of its own.
     *
     * @param args ignored
     * @throws Exception if the demonstration cannot run
     */
    public static void main(String[] args) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().start()) {
            run(broker, System.out);
        }
    }

    /**
     * Runs the demonstration on a running broker, printing what happens.
     *
     * @param broker the broker
     * @param out where to print
     * @return how each job ended, in the order they ended
     * @throws Exception if the demonstration cannot run
     */
    public static List<io.iotjobs.agent.JobOutcome> run(EmbeddedBroker broker, PrintStream out) throws Exception {
        String thing = "demo-device-" + UUID.randomUUID().toString().substring(0, 6);
        Path state = Files.createTempDirectory("agent-demo");
        List<io.iotjobs.agent.JobOutcome> outcomes = new ArrayList<>();
        CountDownLatch allDone = new CountDownLatch(5);
        CountDownLatch longJobRunning = new CountDownLatch(1);
        try (MqttConnection serviceConnection = connection(broker, "demo-service");
                MqttConnection device = connection(broker, thing);
                LocalJobsService service =
                        LocalJobsService.builder().connection(serviceConnection).build()) {
            service.start().get(15, TimeUnit.SECONDS);
            JobsAgent agent = JobsAgent.builder(device, thing)
                    .checkpointStore(CheckpointStore.inDirectory(state))
                    .progressInterval(Duration.ZERO)
                    .on("operation", "copy", context -> {
                        int files = ((Number) context.document().get("files").orElse(3)).intValue();
                        for (int file = 1; file <= files; file++) {
                            work(context);
                            context.appendOutput("copied file " + file + "\n");
                            context.progress(Map.of("copied", file + "/" + files));
                            context.checkpoint("file-" + file);
                        }
                        return JobResult.succeeded(Map.of("files", Integer.toString(files)));
                    })
                    .on("operation", "fail", context -> {
                        work(context);
                        throw new IllegalStateException("simulated failure: "
                                + context.document().getString("why").orElse("no reason"));
                    })
                    .on("operation", "wait", context -> {
                        longJobRunning.countDown();
                        for (int step = 0; step < 100; step++) {
                            work(context);
                        }
                        return JobResult.succeeded();
                    })
                    .listener(new AgentListener() {
                        @Override
                        public void onJobStarted(io.iotjobs.model.JobExecutionData execution, boolean resumed) {
                            out.printf(
                                    "started  %-10s %s%n",
                                    execution.jobId(),
                                    execution
                                            .jobDocument()
                                            .map(JobDocument::toJson)
                                            .orElse("{}"));
                        }

                        @Override
                        public void onStatusReported(
                                String jobId, long executionNumber, JobStatus status, Map<String, String> details) {
                            out.printf("reported %-10s %-11s %s%n", jobId, status, details);
                        }

                        @Override
                        public void onJobFinished(io.iotjobs.agent.JobOutcome outcome) {
                            out.printf(
                                    "finished %-10s %s%n",
                                    outcome.jobId(),
                                    outcome.cancellation()
                                            .map(reason -> "told to stop: " + reason)
                                            .orElse(outcome.status()
                                                    .map(Object::toString)
                                                    .orElse("?")));
                            synchronized (outcomes) {
                                outcomes.add(outcome);
                            }
                            allDone.countDown();
                        }
                    })
                    .build();
            try {
                agent.start().get(15, TimeUnit.SECONDS);
                create(service, thing, "copy-1", Map.of("operation", "copy", "files", 3));
                create(service, thing, "fail-2", Map.of("operation", "fail", "why", "disk full"));
                create(service, thing, "format-3", Map.of("operation", "format-disk"));
                create(service, thing, "wait-4", Map.of("operation", "wait"));
                create(service, thing, "copy-5", Map.of("operation", "copy", "files", 2));
                if (!longJobRunning.await(30, TimeUnit.SECONDS)) {
                    throw new TimeoutException("the long job did not start");
                }
                out.println("canceling wait-4 at the service");
                service.control().cancelJob("wait-4", true);
                if (!allDone.await(60, TimeUnit.SECONDS)) {
                    throw new TimeoutException("the demo jobs did not finish");
                }
            } finally {
                agent.close();
            }
        }
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** A step of simulated work that ends early when the agent says stop. */
    private static void work(JobContext context) throws InterruptedException {
        try {
            context.cancellation().toCompletableFuture().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stepDone) {
            return;
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        context.throwIfCancelled();
    }

    private static void create(LocalJobsService service, String thing, String jobId, Map<String, ?> document) {
        service.control()
                .createJob(JobSpec.builder(jobId)
                        .document(JobDocument.of(document))
                        .targets(thing)
                        .build());
    }

    private static MqttConnection connection(EmbeddedBroker broker, String clientId) throws Exception {
        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId(clientId + "-" + UUID.randomUUID().toString().substring(0, 6))
                .build();
        connection.connect().get(15, TimeUnit.SECONDS);
        return connection;
    }
}
