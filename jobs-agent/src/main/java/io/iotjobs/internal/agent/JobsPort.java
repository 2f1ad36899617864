package io.iotjobs.internal.agent;

import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the agent needs of the Jobs service: four requests, the two notification streams and the news of a
 * reconnect. {@link V2JobsPort} implements it over {@code IotJobsClientV2}; the agent's unit tests implement it
 * with a fake, so that the coordinator's decisions run without a broker.
 *
 * <p><b>Contract.</b> Every request future completes exactly once, on any thread: with the reply, or with the
 * failure (a {@code V2ServiceException}, or a {@link java.util.concurrent.TimeoutException} once the request
 * deadline has passed on the agent's time source: the deadline is the port's business, in one place). A request
 * method may also throw at once (bad arguments, closed client). Stream callbacks come on any thread, in order per
 * stream.
 */
public interface JobsPort {

    /**
     * StartNextPendingJobExecution.
     *
     * @param request the request
     * @return the reply
     */
    CompletableFuture<StartNextJobExecutionResponse> startNext(StartNextPendingJobExecutionRequest request);

    /**
     * UpdateJobExecution.
     *
     * @param request the request
     * @return the reply
     */
    CompletableFuture<UpdateJobExecutionResponse> update(UpdateJobExecutionRequest request);

    /**
     * DescribeJobExecution.
     *
     * @param request the request
     * @return the reply
     */
    CompletableFuture<DescribeJobExecutionResponse> describe(DescribeJobExecutionRequest request);

    /**
     * GetPendingJobExecutions.
     *
     * @param request the request
     * @return the reply
     */
    CompletableFuture<GetPendingJobExecutionsResponse> getPending(GetPendingJobExecutionsRequest request);

    /**
     * Subscribes to the thing's notify-next and notify topics.
     *
     * @param thingName the thing
     * @param listener where events and status changes go
     * @return the pair of streams
     */
    Streams openStreams(String thingName, StreamListener listener);

    /**
     * Registers the action to run after every reconnect (with or without the session).
     *
     * @param action called on any thread
     */
    void onReconnect(Runnable action);

    /** Stops the reconnect news and releases what the port owns (the V2 client, if the agent created it). */
    void close();

    /** What a stream pair can say. */
    enum StreamStatus {
        /** Subscribed (again). */
        ESTABLISHED,
        /** The subscription went with the session; it comes back after the reconnect. */
        LOST,
        /** The subscription ended and will not come back by itself. */
        HALTED
    }

    /** The receiver of a stream pair's events. */
    interface StreamListener {
        /**
         * A notify-next event.
         *
         * @param event the event
         */
        void onNext(NextJobExecutionChangedEvent event);

        /**
         * A notify event.
         *
         * @param event the event
         */
        void onChanged(JobExecutionsChangedEvent event);

        /**
         * A status change of either stream.
         *
         * @param status the status
         * @param error the cause of HALTED, or {@code null}
         */
        void onStatus(StreamStatus status, Throwable error);
    }

    /** The two open streams. */
    interface Streams {
        /**
         * Completes when both are subscribed, or fails with the first subscription's failure.
         *
         * @return the future
         */
        CompletableFuture<Void> opened();

        /** Unsubscribes both (idempotent). */
        void close();
    }
}
