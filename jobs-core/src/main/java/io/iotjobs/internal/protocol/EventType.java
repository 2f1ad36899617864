package io.iotjobs.internal.protocol;

import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;

/**
 * The table of the two event topics the service publishes to a thing.
 *
 * @param <E> the event type
 */
public final class EventType<E> {
    /** {@code jobs/notify}: the pending set changed. */
    public static final EventType<JobExecutionsChangedEvent> JOB_EXECUTIONS_CHANGED =
            new EventType<>("JobExecutionsChanged", "notify", JobExecutionsChangedEvent.class);
    /** {@code jobs/notify-next}: the next execution changed. */
    public static final EventType<NextJobExecutionChangedEvent> NEXT_JOB_EXECUTION_CHANGED =
            new EventType<>("NextJobExecutionChanged", "notify-next", NextJobExecutionChangedEvent.class);

    private final String name;
    private final String suffix;
    private final Class<E> eventType;

    private EventType(String name, String suffix, Class<E> eventType) {
        this.name = name;
        this.suffix = suffix;
        this.eventType = eventType;
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

    @Override
    public String toString() {
        return name;
    }
}
