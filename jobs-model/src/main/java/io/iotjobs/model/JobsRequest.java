package io.iotjobs.model;

import java.util.Optional;

/**
 * What every request of the four device operations has in common.
 *
 * <p>{@link #thingName()} (and the job id of Describe and Update) go into the topic, never into the
 * payload. {@link #clientToken()} is echoed by the service in its reply; the V2 client generates one per
 * request when it is absent, without changing this object.
 */
public interface JobsRequest {
    /**
     * The thing the request is for.
     *
     * @return 1–128 characters of {@code [a-zA-Z0-9:_-]}
     */
    String thingName();

    /**
     * The token the service echoes in its reply.
     *
     * @return up to 64 characters, or empty
     */
    Optional<String> clientToken();
}
