package io.iotjobs.core;

import java.time.Duration;
import java.util.Optional;

/**
 * No accepted or rejected reply arrived within the operation's timeout. The request may or may not have
 * been carried out by the service; check with DescribeJobExecution before repeating a status change. (A request
 * whose publish was still waiting for the connection when it timed out is withdrawn and never sent.)
 */
public final class JobsTimeoutException extends JobsException {
    private static final long serialVersionUID = 1L;

    /** @serial the operation that timed out */
    private final String operation;
    /** @serial the request topic */
    private final String topic;
    /** @serial the request's client token */
    private final String clientToken;
    /** @serial how long the client waited */
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param operation the operation, e.g. {@code DescribeJobExecution}
     * @param topic the request topic
     * @param clientToken the request's client token, or {@code null}
     * @param timeout the timeout that expired
     */
    public JobsTimeoutException(String operation, String topic, String clientToken, Duration timeout) {
        super(
                operation + " got no reply within " + timeout.toMillis() + " ms (topic " + topic
                        + (clientToken == null ? "" : ", clientToken " + clientToken) + "); its outcome is unknown",
                null);
        this.operation = operation;
        this.topic = topic;
        this.clientToken = clientToken;
        this.timeout = timeout;
    }

    /**
     * The operation.
     *
     * @return e.g. {@code DescribeJobExecution}
     */
    public String operation() {
        return operation;
    }

    /**
     * The request topic.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * The request's client token.
     *
     * @return the token, if the request had one
     */
    public Optional<String> clientToken() {
        return Optional.ofNullable(clientToken);
    }

    /**
     * The timeout that expired.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
