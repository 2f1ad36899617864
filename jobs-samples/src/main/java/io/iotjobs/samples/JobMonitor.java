package io.iotjobs.samples;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEvent;
import io.iotjobs.v2.V2ServiceException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Watches a thing's jobs through the two V2 event streams: the seed's third usage example.
 * <ul>
 *   <li>{@code notify} ({@link JobExecutionsChangedEvent}): the whole pending set, each time a job is added
 *       to it or leaves it;</li>
 *   <li>{@code notify-next} ({@link NextJobExecutionChangedEvent}): the job the device should run next, each
 *       time it changes; no execution when nothing is pending any more.</li>
 * </ul>
 * Each stream has a subscription-status listener (established, lost and re-established after a broken
 * session, halted) and a deserialization-failure listener; after a lost session the stream fetches the
 * current state and delivers it as an event (resync), so nothing queued meanwhile goes unseen.
 *
 * <p>Threads: the listener runs on the V2 client's executor; the events of one stream arrive one at a time,
 * in order, but the two streams are independent (the service does not order notify against notify-next).
 */
public final class JobMonitor implements AutoCloseable {

    /** Receives what the monitor sees. Called on the V2 client's executor; must be thread-safe. */
    public interface Listener {
        /**
         * The thing's pending set changed.
         *
         * @param event the full pending set (IN_PROGRESS and QUEUED), empty when nothing is pending
         */
        void jobExecutionsChanged(JobExecutionsChangedEvent event);

        /**
         * The thing's next job changed.
         *
         * @param event the next job, or no execution when nothing is pending
         */
        void nextJobExecutionChanged(NextJobExecutionChangedEvent event);

        /**
         * A stream's subscription was established, lost or halted.
         *
         * @param stream {@code "notify"} or {@code "notify-next"}
         * @param status what happened
         */
        default void subscriptionStatusChanged(String stream, SubscriptionStatusEvent status) {}

        /**
         * A stream received a message it could not decode (the stream goes on).
         *
         * @param stream {@code "notify"} or {@code "notify-next"}
         * @param failure the topic, payload and reason
         */
        default void deserializationFailed(String stream, JobsDecodeException failure) {}
    }

    private final StreamingOperation executionsChanged;
    private final StreamingOperation nextChanged;

    /**
     * Creates the two streams (not open yet).
     *
     * @param jobs the V2 client
     * @param thingName the thing to watch
     * @param listener receives the events
     */
    public JobMonitor(IotJobsClientV2 jobs, String thingName, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        executionsChanged = jobs.createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build(),
                ServiceStreamOptions.builder(listener::jobExecutionsChanged)
                        .subscriptionStatusListener(status -> listener.subscriptionStatusChanged("notify", status))
                        .deserializationFailureListener(failure -> listener.deserializationFailed("notify", failure))
                        .build());
        nextChanged = jobs.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build(),
                ServiceStreamOptions.builder(listener::nextJobExecutionChanged)
                        .subscriptionStatusListener(status -> listener.subscriptionStatusChanged("notify-next", status))
                        .deserializationFailureListener(
                                failure -> listener.deserializationFailed("notify-next", failure))
                        .build());
    }

    /**
     * Opens both streams and waits until the broker has acknowledged both subscriptions. The service sends
     * nothing on subscribe: the first events come with the next change.
     *
     * @throws V2ServiceException if a subscription is refused (e.g. the policy denies the topic)
     */
    public void open() {
        try {
            CompletableFuture.allOf(executionsChanged.open(), nextChanged.open())
                    .join();
        } catch (CompletionException e) {
            throw (V2ServiceException) e.getCause();
        }
    }

    /** Closes both streams; no listener runs afterwards. Idempotent. */
    @Override
    public void close() {
        executionsChanged.close();
        nextChanged.close();
    }
}
