package io.iotjobs.internal.protocol;

import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import java.util.function.Function;

/**
 * The table of the two event topics the service publishes to a thing: each with its payload type, what makes two
 * of its events the same delivery (for de-duplication), and how the current state is fetched as such an event after
 * a subscription was lost (resync).
 *
 * @param <E> the event type
 */
public final class EventType<E> {
    /** {@code jobs/notify}: the pending set changed; resynced by GetPendingJobExecutions. */
    public static final EventType<JobExecutionsChangedEvent> JOB_EXECUTIONS_CHANGED = new EventType<>(
            "JobExecutionsChanged",
            "notify",
            JobExecutionsChangedEvent.class,
            EventKeys::snapshot,
            new Resync<>(
                    Operation.GET_PENDING,
                    thing -> GetPendingJobExecutionsRequest.builder()
                            .thingName(thing)
                            .build(),
                    reply -> {
                        JobExecutionsChangedEvent.Builder event = JobExecutionsChangedEvent.builder();
                        reply.timestamp().ifPresent(event::timestamp);
                        if (!reply.inProgressJobs().isEmpty()) {
                            event.putJobs(JobStatus.IN_PROGRESS, reply.inProgressJobs());
                        }
                        if (!reply.queuedJobs().isEmpty()) {
                            event.putJobs(JobStatus.QUEUED, reply.queuedJobs());
                        }
                        return event.build();
                    }));
    /** {@code jobs/notify-next}: the next execution changed; resynced by DescribeJobExecution {@code $next}. */
    public static final EventType<NextJobExecutionChangedEvent> NEXT_JOB_EXECUTION_CHANGED = new EventType<>(
            "NextJobExecutionChanged",
            "notify-next",
            NextJobExecutionChangedEvent.class,
            EventKeys::next,
            new Resync<>(
                    Operation.DESCRIBE,
                    thing -> DescribeJobExecutionRequest.builder()
                            .thingName(thing)
                            .jobId(DescribeJobExecutionRequest.NEXT)
                            .includeJobDocument(true)
                            .build(),
                    reply -> NextJobExecutionChangedEvent.builder()
                            .execution(reply.execution())
                            .timestamp(reply.timestamp())
                            .build()));

    /**
     * How the current state is fetched as an event: a request of the operation for the thing, its reply turned
     * into an event.
     *
     * @param operation the operation
     * @param request the request for a thing name
     * @param event the event a reply stands for
     * @param <Q> the request type
     * @param <R> the reply type
     * @param <E> the event type
     */
    public record Resync<Q extends JobsRequest, R extends JobsResponse, E>(
            Operation<Q, R> operation, Function<String, Q> request, Function<R, E> event) {}

    private final String name;
    private final String suffix;
    private final Class<E> eventType;
    private final Function<E, Object> dedupeKey;
    private final Resync<?, ?, E> resync;

    private EventType(
            String name, String suffix, Class<E> eventType, Function<E, Object> dedupeKey, Resync<?, ?, E> resync) {
        this.name = name;
        this.suffix = suffix;
        this.eventType = eventType;
        this.dedupeKey = dedupeKey;
        this.resync = resync;
    }

    /**
     * The topic of this event for a thing.
     *
     * @param thingName a validated thing name
     * @return e.g. {@code $aws/things/dev-1/jobs/notify-next}
     */
    public String topic(String thingName) {
        return Topics.base(thingName) + suffix;
    }

    /**
     * The event's name in the AWS documentation.
     *
     * @return e.g. {@code NextJobExecutionChanged}
     */
    public String name() {
        return name;
    }

    /**
     * The last topic segment.
     *
     * @return {@code notify} or {@code notify-next}
     */
    public String suffix() {
        return suffix;
    }

    /**
     * The payload type.
     *
     * @return the class
     */
    public Class<E> eventType() {
        return eventType;
    }

    /**
     * What makes two events the same delivery repeated (a QoS 1 redelivery after a reconnect, a persistent session
     * replaying, the service sending twice, or a resync fetching what a live event already said). Timestamps and
     * job documents are left out: a redelivered event may carry a new timestamp and freshly pre-signed URLs.
     *
     * @return the key function
     */
    public Function<E, Object> dedupeKey() {
        return dedupeKey;
    }

    /**
     * How to fetch the current state as an event of this type.
     *
     * @return the resync
     */
    public Resync<?, ?, E> resync() {
        return resync;
    }

    @Override
    public String toString() {
        return name;
    }
}
