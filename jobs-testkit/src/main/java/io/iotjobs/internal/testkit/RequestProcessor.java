package io.iotjobs.internal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns incoming messages into replies: parses the topic, applies the request faults, decodes and validates
 * the request, runs the operation on the thing (under its lock) and publishes the reply. Runs on the
 * transport's delivery thread; everything it does is in memory and never waits.
 *
 * <p>Order of checks: topic (InvalidTopic), throttling (RequestThrottled), injected InternalError, JSON
 * (InvalidJson), fields (InvalidRequest), then the operation's own rules.
 */
final class RequestProcessor implements MessageListener {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);
    /** AWS IoT's limit for an MQTT payload: 128 KB (developer guide, MQTT message payload). */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    private final ServiceConfig config;
    private final ServiceClock clock;
    private final Faults faults;
    private final ServiceState state;
    private final OperationHandlers handlers;
    private final ServiceOutput output;
    private final Registry registry;
    private final Observers observers;
    private volatile boolean closed;

    RequestProcessor(
            ServiceConfig config,
            ServiceClock clock,
            Faults faults,
            ServiceState state,
            OperationHandlers handlers,
            ServiceOutput output,
            Registry registry,
            Observers observers) {
        this.registry = registry;
        this.observers = observers;
        this.config = config;
        this.clock = clock;
        this.faults = faults;
        this.state = state;
        this.handlers = handlers;
        this.output = output;
    }

    void close() {
        closed = true;
    }

    @Override
    public void onMessage(String topic, byte[] payload, int qos) {
        if (closed) {
            return;
        }
        try {
            Topics.parse(topic).ifPresent(ref -> dispatch(ref, topic, payload));
        } catch (RuntimeException e) {
            LOG.warn("request on {} failed", topic, e);
        }
    }

    @Override
    public void onSubscriptionLost() {
        LOG.info("subscription to the Jobs topics lost with the session; subscribing again");
    }

    @Override
    public void onSubscriptionFailed(Throwable cause) {
        LOG.error("subscribing to the Jobs topics again failed: the service no longer receives requests", cause);
    }

    private void dispatch(TopicRef ref, String topic, byte[] payload) {
        switch (ref.kind()) {
            case REQUEST:
                process(ref.operation(), ref, topic, payload);
                break;
            case UNKNOWN:
                invalidTopic(ref, topic, payload);
                break;
            default:
                // replies and events: ours, or another service's; never requests
                break;
        }
    }

    private <Q extends JobsRequest> void process(Operation<Q, ?> op, TopicRef ref, String topic, byte[] payload) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("<- {} {}", topic, new String(payload, StandardCharsets.UTF_8));
        }
        Instant now = clock.now();
        Faults.Admission admission = faults.admit(now);
        if (observers.active()) {
            observers.traffic(
                    now,
                    ServiceObserver.Direction.IN,
                    topic,
                    payload,
                    admission == Faults.Admission.LOSE ? "lost by fault injection: not processed, not answered" : null);
        }
        switch (admission) {
            case LOSE:
                LOG.debug("request on {} lost (fault injection)", topic);
                return;
            case THROTTLE:
                reject(
                        op,
                        ref,
                        RejectedErrorCode.REQUEST_THROTTLED,
                        "request rate exceeded (fault injection)",
                        lenientToken(topic, payload),
                        now);
                return;
            case INTERNAL_ERROR:
                reject(
                        op,
                        ref,
                        RejectedErrorCode.INTERNAL_ERROR,
                        "internal error (fault injection)",
                        lenientToken(topic, payload),
                        now);
                return;
            default:
                break;
        }
        Prepared<Q> prepared = prepare(op, topic, payload, ref.thingName(), ref.jobId());
        if (prepared.rejection != null) {
            Reply r = prepared.rejection;
            publishRejection(op, ref, r.code(), r.message(), Optional.empty(), prepared.token, now);
            return;
        }
        Q request = prepared.request;
        Optional<String> token = request.clientToken();
        state.change(
                ref.thingName(),
                (thing, time) -> handlers.handle(op, thing, request, new OperationHandlers.Context(time, token)),
                reply -> send(op, ref, reply, token, clock.now()));
    }

    /**
     * Runs a request that did not come over MQTT (the HTTP data plane): the same decoding, checks and operation as
     * an MQTT request, without the faults; the reply is returned instead of published, the events are published.
     *
     * @param op the operation
     * @param thingName the thing
     * @param jobId the job id of the path, or {@code null}
     * @param payload the request as the MQTT payload would be
     * @return the reply
     */
    <Q extends JobsRequest> Reply request(Operation<Q, ?> op, String thingName, String jobId, byte[] payload) {
        Prepared<Q> prepared = prepare(op, "http", payload, thingName, jobId);
        if (prepared.rejection != null) {
            return prepared.rejection;
        }
        Q request = prepared.request;
        Optional<String> token = request.clientToken();
        return state.change(
                thingName,
                (thing, time) -> handlers.handle(op, thing, request, new OperationHandlers.Context(time, token)));
    }

    /** A decoded and checked request, or the rejection it gets (with the token to echo). */
    private record Prepared<Q>(Q request, Reply rejection, Optional<String> token) {}

    private <Q extends JobsRequest> Prepared<Q> prepare(
            Operation<Q, ?> op, String topic, byte[] payload, String thingName, String jobId) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            // AWS IoT's broker refuses such a publish before the Jobs service sees it (CLIENT_ERROR
            // PAYLOAD_LIMIT_EXCEEDED, https://docs.aws.amazon.com/iot/latest/developerguide/topicdata.html); no
            // Jobs reply stands for that, so the nearest one refuses it without processing it
            return new Prepared<>(
                    null,
                    Reply.rejected(
                            RejectedErrorCode.INVALID_REQUEST,
                            "payload: "
                                    + payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES
                                    + " bytes AWS IoT accepts"
                                    + " (PAYLOAD_LIMIT_EXCEEDED: Message payload exceeds size limit for message type.)"),
                    Optional.empty());
        }
        Q request;
        try {
            request = JobsJson.decodeRequest(op, topic, payload, thingName, jobId);
        } catch (JobsDecodeException e) {
            if (e.isMalformedJson()) {
                // the payload cannot be parsed, so there is no client token to echo
                return new Prepared<>(
                        null,
                        Reply.rejected(RejectedErrorCode.INVALID_JSON, "payload is not valid UTF-8 JSON"),
                        Optional.empty());
            }
            return new Prepared<>(
                    null,
                    Reply.rejected(RejectedErrorCode.INVALID_REQUEST, decodeMessage(e)),
                    lenientToken(topic, payload));
        }
        Optional<String> token = request.clientToken();
        String notText = RequestChecks.nonStringStatusDetail(payload);
        if (notText != null) {
            return new Prepared<>(null, Reply.rejected(RejectedErrorCode.INVALID_REQUEST, notText), token);
        }
        // The table's field rules: Update on $next, a client token over the limit (64 by default) and statuses
        // a device may not set are InvalidRequest (all UNCONFIRMED; InvalidRequest is the plausible code).
        try {
            op.validate(request, config.limits());
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Prepared<>(null, Reply.rejected(RejectedErrorCode.INVALID_REQUEST, e.getMessage()), token);
        }
        if (config.strictThings() && !registry.exists(thingName)) {
            // strict mode stands in for AWS, where only registered things can be addressed
            return new Prepared<>(
                    null,
                    Reply.rejected(RejectedErrorCode.RESOURCE_NOT_FOUND, "thing " + thingName + " is not registered"),
                    token);
        }
        return new Prepared<>(request, null, token);
    }

    private void send(Operation<?, ?> op, TopicRef ref, Reply reply, Optional<String> token, Instant now) {
        if (reply.isAccepted()) {
            LOG.info("{} {} {} -> accepted", ref.thingName(), op.name(), jobIdForLog(ref));
            output.reply(op.replyTopic(ref.thingName(), ref.jobId(), ReplyKind.ACCEPTED), reply.acceptedBody());
        } else {
            publishRejection(op, ref, reply.code(), reply.message(), reply.executionState(), token, now);
        }
    }

    private void reject(
            Operation<?, ?> op,
            TopicRef ref,
            RejectedErrorCode code,
            String message,
            Optional<String> token,
            Instant now) {
        publishRejection(op, ref, code, message, Optional.empty(), token, now);
    }

    private void publishRejection(
            Operation<?, ?> op,
            TopicRef ref,
            RejectedErrorCode code,
            String message,
            Optional<JobExecutionState> executionState,
            Optional<String> token,
            Instant now) {
        LOG.info("{} {} {} -> rejected {}", ref.thingName(), op.name(), jobIdForLog(ref), code.wireName());
        LOG.debug("{} {} {}: {}", ref.thingName(), op.name(), jobIdForLog(ref), message);
        output.reply(
                op.replyTopic(ref.thingName(), ref.jobId(), ReplyKind.REJECTED),
                RejectedError.builder()
                        .code(code)
                        .message(message)
                        .clientToken(token)
                        .timestamp(now)
                        .executionState(executionState)
                        .build());
    }

    private void invalidTopic(TopicRef ref, String topic, byte[] payload) {
        int slash = topic.lastIndexOf('/');
        String last = topic.substring(slash + 1);
        if (last.startsWith("notify-")) {
            // a namespace's notify or notify-next event (another service's): never answer it
            return;
        }
        for (ReplyKind kind : ReplyKind.values()) {
            if (kind.suffix().equals(last)) {
                // looks like a reply (for example another service's InvalidTopic rejection): never answer it,
                // or two services would answer each other for ever
                return;
            }
        }
        if (observers.active()) {
            observers.traffic(clock.now(), ServiceObserver.Direction.IN, topic, payload, null);
        }
        LOG.info("{} ? {} -> rejected {}", ref.thingName(), topic, RejectedErrorCode.INVALID_TOPIC.wireName());
        // The rejection goes to <request topic>/rejected (UNCONFIRMED which topic the service uses).
        output.reply(
                topic + "/" + ReplyKind.REJECTED.suffix(),
                RejectedError.builder()
                        .code(RejectedErrorCode.INVALID_TOPIC)
                        .message("topic " + topic + " maps to no Jobs API")
                        .clientToken(lenientToken(topic, payload))
                        .timestamp(clock.now())
                        .build());
    }

    private static String jobIdForLog(TopicRef ref) {
        return ref.jobId() == null ? "-" : ref.jobId();
    }

    /**
     * The client token of a payload that could not be decoded as its operation's request, when it is a JSON
     * object with a string {@code clientToken}. GetPending's request has no field but the token, so decoding
     * any payload as one yields the token and ignores everything else.
     */
    private static Optional<String> lenientToken(String topic, byte[] payload) {
        try {
            return JobsJson.decodeRequest(Operation.GET_PENDING, topic, payload, "-", null)
                    .clientToken();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An InvalidRequest message that starts with the field at fault. */
    private static String decodeMessage(JobsDecodeException e) {
        String field = e.field().orElse(null);
        if (field == null) {
            return "payload: a request must be a JSON object";
        }
        Throwable cause = e.getCause();
        String reason = cause instanceof JsonProcessingException
                ? ((JsonProcessingException) cause).getOriginalMessage()
                : null;
        if (reason != null && reason.contains("required attributes are not set")) {
            return field + ": required field missing";
        }
        if (reason == null) {
            return field + ": invalid value";
        }
        int newline = reason.indexOf('\n');
        return field + ": invalid value (" + (newline < 0 ? reason : reason.substring(0, newline)) + ")";
    }
}
