package io.iotjobs.samples.docs;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.V2ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The code of docs/migration-v1-to-v2.md, compiled with the tests; DocSnippetsIT runs the request-response
 * pair and the shared-connection setup against the local Jobs service. Each method is one snippet of the page.
 */
final class MigrationSnippets {

    private MigrationSnippets() {}

    /** "One request, one reply", V1: publish, both reply subscriptions, manual token matching, own timeout. */
    static CompletableFuture<UpdateJobExecutionResponse> requestReplyV1(IotJobsClient v1) {
        Map<String, CompletableFuture<UpdateJobExecutionResponse>> waiting = new ConcurrentHashMap<>();
        UpdateJobExecutionSubscriptionRequest replies = UpdateJobExecutionSubscriptionRequest.builder()
                .thingName("MyDevice")
                .build();
        v1.subscribeToUpdateJobExecutionAccepted(
                        replies,
                        Qos.AT_LEAST_ONCE,
                        reply -> reply.clientToken().map(waiting::remove).ifPresent(future -> future.complete(reply)))
                .join();
        v1.subscribeToUpdateJobExecutionRejected(
                        replies,
                        Qos.AT_LEAST_ONCE,
                        rejected -> rejected.clientToken()
                                .map(waiting::remove)
                                .ifPresent(
                                        future -> future.completeExceptionally(new IllegalStateException(rejected.code()
                                                + ": " + rejected.message().orElse("")))))
                .join();

        String token = "v1-" + UUID.randomUUID();
        CompletableFuture<UpdateJobExecutionResponse> result = new CompletableFuture<>();
        waiting.put(token, result);
        v1.publishUpdateJobExecution(
                UpdateJobExecutionRequest.builder()
                        .thingName("MyDevice")
                        .jobId("firmware-2-4-1")
                        .status(JobStatus.SUCCEEDED)
                        .clientToken(token)
                        .build(),
                Qos.AT_LEAST_ONCE);
        return result.orTimeout(30, TimeUnit.SECONDS).whenComplete((reply, error) -> waiting.remove(token));
    }

    /** "One request, one reply", V2. */
    static CompletableFuture<UpdateJobExecutionResponse> requestReplyV2(IotJobsClientV2 v2) {
        return v2.updateJobExecution(UpdateJobExecutionRequest.builder()
                .thingName("MyDevice")
                .jobId("firmware-2-4-1")
                .status(JobStatus.SUCCEEDED)
                .build());
    }

    /** "Rejections", V1: a callback on the rejected topic. */
    static void rejectionsV1(IotJobsClient v1, Runnable retryLater) {
        v1.subscribeToStartNextPendingJobExecutionRejected(
                        StartNextPendingJobExecutionSubscriptionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE,
                        (RejectedError rejected) -> {
                            if (rejected.code() == RejectedErrorCode.REQUEST_THROTTLED) {
                                retryLater.run();
                            }
                        })
                .join();
    }

    /** "Rejections", V2: the failed future's modeledError(). */
    static void rejectionsV2(IotJobsClientV2 v2, Runnable retryLater) {
        try {
            StartNextJobExecutionResponse next = v2.startNextPendingJobExecution(
                            StartNextPendingJobExecutionRequest.builder()
                                    .thingName("MyDevice")
                                    .build())
                    .join();
            next.execution().ifPresent(job -> System.out.println("started " + job.jobId()));
        } catch (CompletionException e) {
            V2ServiceException failure = (V2ServiceException) e.getCause(); // always this type
            Optional<RejectedError> rejected = failure.modeledError(); // what V1's callback received
            if (rejected.map(r -> r.code() == RejectedErrorCode.REQUEST_THROTTLED)
                            .orElse(false)
                    || failure.getCause() instanceof JobsTimeoutException) {
                retryLater.run();
            }
        }
    }

    /** "Events", V1: a subscription with a callback, and a decode-failure handler. */
    static void eventsV1(IotJobsClient v1, Consumer<NextJobExecutionChangedEvent> onNextJob) {
        v1.subscribeToNextJobExecutionChangedEvents(
                        NextJobExecutionChangedSubscriptionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE,
                        onNextJob,
                        (JobsDecodeException bad) ->
                                System.err.println("undecodable on " + bad.topic() + ": " + bad.getMessage()))
                .join();
    }

    /** "Events", V2: a stream with a status listener and a deserialization-failure listener. */
    static StreamingOperation eventsV2(IotJobsClientV2 v2, Consumer<NextJobExecutionChangedEvent> onNextJob) {
        StreamingOperation stream = v2.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName("MyDevice")
                        .build(),
                ServiceStreamOptions.builder(onNextJob)
                        .subscriptionStatusListener(status -> System.out.println("notify-next: " + status.type()))
                        .deserializationFailureListener(bad -> System.err.println("undecodable on " + bad.topic()))
                        .resyncOnReconnect(true) // the default
                        .build());
        stream.open().join();
        return stream;
    }

    /** "Threads": the same executor choice on both. */
    static void threads(MqttConnection connection) {
        ExecutorService callbacks = Executors.newFixedThreadPool(4);
        IotJobsClient v1 = IotJobsClient.builder(connection).executor(callbacks).build();
        IotJobsClientV2 v2 =
                IotJobsClientV2.builder(connection).executor(callbacks).build();
        // ... V1 callbacks, V2 stream listeners and V2 future completions all run on `callbacks`
        v2.close();
        v1.close();
        callbacks.shutdown(); // an executor you pass in stays yours
    }

    /** "What V2 adds": timeouts and cancellation. */
    static void timeoutsAndCancellation(MqttConnection connection) {
        try (IotJobsClientV2 v2 = IotJobsClientV2.builder(connection)
                .operationTimeout(Duration.ofSeconds(10)) // every request's deadline (default 30 s)
                .build()) {
            StartNextPendingJobExecutionRequest request = StartNextPendingJobExecutionRequest.builder()
                    .thingName("MyDevice")
                    .build();
            CompletableFuture<StartNextJobExecutionResponse> quick =
                    v2.startNextPendingJobExecution(request, Duration.ofSeconds(2)); // this one's deadline
            quick.cancel(true); // forgets the request: a late reply is ignored
        }
    }

    /** "Both clients on one connection". */
    static void bothOnOneConnection(MqttConnection connection) {
        IotJobsClient v1 = new IotJobsClient(connection); // the code not migrated yet
        IotJobsClientV2 v2 = new IotJobsClientV2(connection); // the code migrated already
        // ... use both; close the clients first, then the connection
        v2.close();
        v1.close();
    }

    /** "Telling the replies apart": V1 code that ignores replies it did not ask for. */
    static void ownRepliesOnly(IotJobsClient v1, Consumer<UpdateJobExecutionResponse> onMyReply) {
        String myPrefix = "v1-"; // V2's generated tokens are hexadecimal, so they never start with "v1-"
        v1.subscribeToUpdateJobExecutionAccepted(
                        UpdateJobExecutionSubscriptionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE,
                        reply -> {
                            if (reply.clientToken()
                                    .filter(token -> token.startsWith(myPrefix))
                                    .isPresent()) {
                                onMyReply.accept(reply);
                            } // else: the reply to a V2 request (or to another client) on the same connection
                        })
                .join();
    }
}
