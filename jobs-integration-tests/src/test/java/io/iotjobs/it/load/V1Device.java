package io.iotjobs.it.load;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A simulated device running the usual V1 job loop on a connection and client of its own: subscribe to the
 * StartNext replies, the Update replies and notify-next; publish StartNext; run the execution it returns;
 * publish Update SUCCEEDED (with the execution's version as {@code expectedVersion}); on the accepted update,
 * StartNext again. A notify-next that announces an execution while the device is idle (also after a
 * StartNext found nothing) sends a StartNext as well.
 *
 * <p>Replies of one subscription arrive in order, but the subscriptions run in parallel, so a StartNext reply
 * may repeat an execution already being run or already finished: the device runs each job once (one in
 * flight at a time, finished jobs remembered), as a real device must.
 */
final class V1Device {

    private final String thing;
    private final IotJobsClient jobs;
    private final int expectedJobs;
    private final AtomicReference<String> current = new AtomicReference<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger succeededSent;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /**
     * A device; call {@link #start()} to run the loop.
     *
     * @param thing its thing name
     * @param connection its own connection
     * @param expectedJobs how many jobs it finishes before it is done
     * @param succeededSent counts the SUCCEEDED updates sent by all devices
     */
    V1Device(String thing, MqttConnection connection, int expectedJobs, AtomicInteger succeededSent) {
        this.thing = thing;
        this.jobs = new IotJobsClient(connection);
        this.expectedJobs = expectedJobs;
        this.succeededSent = succeededSent;
    }

    /**
     * Subscribes (all five subscriptions acknowledged) and then publishes the first StartNext.
     *
     * @return completes when the first StartNext is acknowledged
     */
    CompletableFuture<Void> start() {
        CompletableFuture<?>[] subscribed = {
            jobs.subscribeToStartNextPendingJobExecutionAccepted(
                    StartNextPendingJobExecutionSubscriptionRequest.builder()
                            .thingName(thing)
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    this::onStartNext),
            jobs.subscribeToStartNextPendingJobExecutionRejected(
                    StartNextPendingJobExecutionSubscriptionRequest.builder()
                            .thingName(thing)
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    r -> problem("StartNext rejected", r)),
            jobs.subscribeToUpdateJobExecutionAccepted(
                    UpdateJobExecutionSubscriptionRequest.builder()
                            .thingName(thing)
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    this::onUpdated),
            jobs.subscribeToUpdateJobExecutionRejected(
                    UpdateJobExecutionSubscriptionRequest.builder()
                            .thingName(thing)
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    r -> problem("Update rejected", r)),
            jobs.subscribeToNextJobExecutionChangedEvents(
                    NextJobExecutionChangedSubscriptionRequest.builder()
                            .thingName(thing)
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    this::onNotifyNext)
        };
        return CompletableFuture.allOf(subscribed).thenCompose(v -> startNext());
    }

    private CompletableFuture<Void> startNext() {
        return jobs.publishStartNextPendingJobExecution(
                StartNextPendingJobExecutionRequest.builder().thingName(thing).build(), Qos.AT_LEAST_ONCE);
    }

    private void onStartNext(StartNextJobExecutionResponse reply) {
        if (reply.execution().isEmpty()) {
            return;
        }
        JobExecutionData execution = reply.execution().get();
        String jobId = execution.jobId();
        if (!current.compareAndSet(null, jobId)) {
            return;
        }
        // a job is marked finished before it stops being current, so this sees every finished job
        if (finished.contains(jobId)) {
            current.set(null);
            return;
        }
        ran.add(jobId);
        succeededSent.incrementAndGet();
        jobs.publishUpdateJobExecution(
                        UpdateJobExecutionRequest.builder()
                                .thingName(thing)
                                .jobId(jobId)
                                .status(JobStatus.SUCCEEDED)
                                .expectedVersion(execution.versionNumber().orElseThrow())
                                .clientToken(jobId)
                                .build(),
                        Qos.AT_LEAST_ONCE)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        problem("Update not sent", e);
                    }
                });
    }

    private void onUpdated(UpdateJobExecutionResponse reply) {
        String jobId = reply.clientToken().orElse(null);
        if (jobId == null || !jobId.equals(current.get())) {
            problem("an Update accepted that this device did not have in flight", reply);
            return;
        }
        finished.add(jobId);
        current.set(null);
        if (finished.size() == expectedJobs) {
            done.complete(null);
        } else {
            startNext();
        }
    }

    private void onNotifyNext(NextJobExecutionChangedEvent event) {
        if (event.execution().isPresent() && current.get() == null && !done.isDone()) {
            startNext();
        }
    }

    private void problem(String what, Object detail) {
        problems.add(thing + ": " + what + ": " + detail);
        done.completeExceptionally(new AssertionError(thing + ": " + what + ": " + detail));
    }

    /**
     * Completes when the device finished all its jobs; fails on the first problem.
     *
     * @return the future
     */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * The jobs the device ran, in order.
     *
     * @return the job ids
     */
    List<String> ran() {
        return List.copyOf(ran);
    }

    /**
     * What went wrong (rejections, unexpected replies).
     *
     * @return the problems
     */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Closes the client (the connection is the test bed's). */
    void close() {
        jobs.close();
    }
}
