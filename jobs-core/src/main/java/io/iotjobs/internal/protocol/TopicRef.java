package io.iotjobs.internal.protocol;

/**
 * A parsed Jobs topic: whose it is and what it carries.
 */
public final class TopicRef {
    /** What a topic carries. */
    public enum Kind {
        /** A request published by a device. */
        REQUEST,
        /** An accepted or rejected reply published by the service. */
        REPLY,
        /** A notify or notify-next event published by the service. */
        EVENT,
        /** Under {@code $aws/things/{thing}/jobs/} but maps to no operation. */
        UNKNOWN
    }

    private final String thingName;
    private final Kind kind;
    private final Operation<?, ?> operation;
    private final String jobId;
    private final ReplyKind replyKind;
    private final EventType<?> eventType;

    private TopicRef(
            String thingName,
            Kind kind,
            Operation<?, ?> operation,
            String jobId,
            ReplyKind replyKind,
            EventType<?> eventType) {
        this.thingName = thingName;
        this.kind = kind;
        this.operation = operation;
        this.jobId = jobId;
        this.replyKind = replyKind;
        this.eventType = eventType;
    }

    static TopicRef request(String thing, Operation<?, ?> op, String jobId) {
        return new TopicRef(thing, Kind.REQUEST, op, jobId, null, null);
    }

    static TopicRef reply(String thing, Operation<?, ?> op, String jobId, ReplyKind kind) {
        return new TopicRef(thing, Kind.REPLY, op, jobId, kind, null);
    }

    static TopicRef event(String thing, EventType<?> type) {
        return new TopicRef(thing, Kind.EVENT, null, null, null, type);
    }

    static TopicRef unknown(String thing) {
        return new TopicRef(thing, Kind.UNKNOWN, null, null, null, null);
    }

    /**
     * The thing segment, as it appears in the topic (not validated).
     *
     * @return the thing name
     */
    public String thingName() {
        return thingName;
    }

    /**
     * What the topic carries.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The operation of a request or reply topic.
     *
     * @return the operation, or {@code null} for events and unknown topics
     */
    public Operation<?, ?> operation() {
        return operation;
    }

    /**
     * The job id segment of a Describe or Update topic (may be {@code $next}; not validated).
     *
     * @return the job id, or {@code null}
     */
    public String jobId() {
        return jobId;
    }

    /**
     * Accepted or rejected, for reply topics.
     *
     * @return the reply kind, or {@code null}
     */
    public ReplyKind replyKind() {
        return replyKind;
    }

    /**
     * The event of an event topic.
     *
     * @return the event type, or {@code null}
     */
    public EventType<?> eventType() {
        return eventType;
    }

    @Override
    public String toString() {
        return "TopicRef{" + thingName + ", " + kind + (operation == null ? "" : ", " + operation)
                + (jobId == null ? "" : ", job " + jobId) + (replyKind == null ? "" : ", " + replyKind)
                + (eventType == null ? "" : ", " + eventType) + "}";
    }
}
