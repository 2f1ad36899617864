package io.iotjobs.model;

import java.util.Optional;

/**
 * What every subscription request has in common: the thing, and for Describe and Update replies an
 * optional job id (absent: the replies for every job of the thing).
 */
public interface JobsSubscriptionRequest {
    /**
     * The thing whose replies or events to receive.
     *
     * @return 1–128 characters of {@code [a-zA-Z0-9:_-]}
     */
    String thingName();

    /**
     * The job whose replies to receive; only Describe and Update subscriptions have one.
     *
     * @return the job id, or empty for every job of the thing
     */
    default Optional<String> jobId() {
        return Optional.empty();
    }
}
