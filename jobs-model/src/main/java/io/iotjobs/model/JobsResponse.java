package io.iotjobs.model;

import java.time.Instant;
import java.util.Optional;

/**
 * What every reply of the service has in common, accepted or rejected.
 */
public interface JobsResponse {
    /**
     * When the service sent the reply.
     *
     * @return the time, to the second
     */
    Optional<Instant> timestamp();

    /**
     * The client token of the request, echoed by the service (absent when the request had none, or for
     * an InvalidJson rejection).
     *
     * @return the token
     */
    Optional<String> clientToken();
}
