package io.iotjobs.it.reliability;

import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.testkit.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Shared helpers of the reliability tests: ids, waits, jobs and readable event summaries. */
final class Scenarios {
    /** The generous wait for anything that should happen "soon". */
    static final Duration WAIT = Duration.ofSeconds(20);

    private Scenarios() {}

    /** A client id or thing name unique in this JVM run (brokers are shared across tests). */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits for a future with the generous timeout. */
    static <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job for one thing, with a small document naming the job. */
    static JobSpec job(String jobId, String thingName) {
        return JobSpec.builder(jobId)
                .document(JobDocument.of(Map.of("operation", "reboot", "job", jobId)))
                .targets(List.of(thingName))
                .build();
    }

    /** A listener recording "connected(s)", "interrupted", "resumed(s)", "disconnected", "closed". */
    static MqttConnectionListener recording(Recorder<String> events) {
        return new MqttConnectionListener() {
            @Override
            public void onConnected(boolean sessionPresent) {
                events.accept("connected(" + sessionPresent + ")");
            }

            @Override
            public void onInterrupted(Throwable cause) {
                events.accept("interrupted");
            }

            @Override
            public void onResumed(boolean sessionPresent) {
                events.accept("resumed(" + sessionPresent + ")");
            }

            @Override
            public void onDisconnected() {
                events.accept("disconnected");
            }

            @Override
            public void onClosed() {
                events.accept("closed");
            }
        };
    }

    /** A notify event as "IN_PROGRESS=[a] QUEUED=[b, c]" (empty statuses left out; "{}" for none). */
    static String pending(JobExecutionsChangedEvent event) {
        String text = event.jobs().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "="
                        + e.getValue().stream().map(JobExecutionSummary::jobId).collect(Collectors.toList()))
                .collect(Collectors.joining(" "));
        return text.isEmpty() ? "{}" : text;
    }

    /** A notify-next event as "job@status" or "none". */
    static String next(NextJobExecutionChangedEvent event) {
        return event.execution()
                .map(e -> e.jobId() + "@" + e.rawStatus().orElse("?"))
                .orElse("none");
    }
}
