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

    private final ServiceConfig config;
    private final ServiceClock clock;
    private final Faults faults;
    private final ServiceState state;
    private final OperationHandlers handlers;
    private final ServiceOutput output;
    private final Registry registry;
    private volatile boolean closed;

    RequestProcessor(ServiceConfig config, ServiceClock clock, Faults faults, ServiceState state,
            OperationHandlers handlers, ServiceOutput output, Registry registry) {
        this.registry = registry;
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
        switch (faults.admit(now)) {
            case LOSE:
                LOG.debug("request on {} lost (fault injection)", topic);
                return;
            case THROTTLE:
                reject(op, ref, RejectedErrorCode.REQUEST_THROTTLED, "request rate exceeded (fault injection)",
                        lenientToken(topic, payload), now);
                return;
            case INTERNAL_ERROR:
                reject(op, ref, RejectedErrorCode.INTERNAL_ERROR, "internal error (fault injection)",
                        lenientToken(topic, payload), now);
                return;
            default:
                break;
        }
        Q request;
        try {
            request = JobsJson.decodeRequest(op, topic, payload, ref.thingName(), ref.jobId());
        } catch (JobsDecodeException e) {
            if (e.isMalformedJson()) {
                // the payload cannot be parsed, so there is no client token to echo
                reject(op, ref, RejectedErrorCode.INVALID_JSON, "payload is not valid UTF-8 JSON",
                        Optional.empty(), now);
            } else {
                reject(op, ref, RejectedErrorCode.INVALID_REQUEST, decodeMessage(e), lenientToken(topic, payload),
                        now);
            }
            return;
        }
        // The table's field rules: Update on $next, a client token over the limit (64 by default) and statuses
        // a device may not set are InvalidRequest (all UNCONFIRMED; InvalidRequest is the plausible code).
        try {
            op.validate(request, config.limits());
        } catch (IllegalArgumentException | NullPointerException e) {
            reject(op, ref, RejectedErrorCode.INVALID_REQUEST, e.getMessage(), request.clientToken(), now);
            return;
        }
        Optional<String> token = request.clientToken();
        if (config.strictThings() && !registry.exists(ref.thingName())) {
            // strict mode stands in for AWS, where only registered things can be addressed
            reject(op, ref, RejectedErrorCode.RESOURCE_NOT_FOUND, "thing " + ref.thingName() + " is not registered",
                    token, now);
            return;
        }
        state.change(ref.thingName(),
                (thing, time) -> handlers.handle(op, thing, request, new OperationHandlers.Context(time, token)),
                reply -> send(op, ref, reply, token, clock.now()));
    }

    private void send(Operation<?, ?> op, TopicRef ref, Reply reply, Optional<String> token, Instant now) {
        if (reply.isAccepted()) {
            LOG.info("{} {} {} -> accepted", ref.thingName(), op.name(), jobIdForLog(ref));
            output.reply(op.replyTopic(ref.thingName(), ref.jobId(), ReplyKind.ACCEPTED), reply.acceptedBody());
        } else {
            publishRejection(op, ref, reply.code(), reply.message(), reply.executionState(), token, now);
        }
    }

    private void reject(Operation<?, ?> op, TopicRef ref, RejectedErrorCode code, String message,
            Optional<String> token, Instant now) {
        publishRejection(op, ref, code, message, Optional.empty(), token, now);
    }

    private void publishRejection(Operation<?, ?> op, TopicRef ref, RejectedErrorCode code, String message,
            Optional<JobExecutionState> executionState, Optional<String> token, Instant now) {
        LOG.info("{} {} {} -> rejected {}", ref.thingName(), op.name(), jobIdForLog(ref), code.wireName());
        LOG.debug("{} {} {}: {}", ref.thingName(), op.name(), jobIdForLog(ref), message);
        output.reply(op.replyTopic(ref.thingName(), ref.jobId(), ReplyKind.REJECTED), RejectedError.builder()
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
        LOG.info("{} ? {} -> rejected {}", ref.thingName(), topic, RejectedErrorCode.INVALID_TOPIC.wireName());
        // The rejection goes to <request topic>/rejected (UNCONFIRMED which topic the service uses).
        output.reply(topic + "/" + ReplyKind.REJECTED.suffix(), RejectedError.builder()
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
            return JobsJson.decodeRequest(Operation.GET_PENDING, topic, payload, "-", null).clientToken();
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
                ? ((JsonProcessingException) cause).getOriginalMessage() : null;
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
