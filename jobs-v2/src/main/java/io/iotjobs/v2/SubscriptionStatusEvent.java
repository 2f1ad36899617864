package io.iotjobs.v2;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of a stream's subscription status.
 */
public final class SubscriptionStatusEvent {
    private final SubscriptionStatusEventType type;
    private final Throwable error;

    SubscriptionStatusEvent(SubscriptionStatusEventType type, Throwable error) {
        this.type = Objects.requireNonNull(type, "type");
        this.error = error;
    }

    /**
     * What happened.
     *
     * @return the type
     */
    public SubscriptionStatusEventType type() {
        return type;
    }

    /**
     * Why, for {@link SubscriptionStatusEventType#SUBSCRIPTION_HALTED} (for example a
     * {@link io.iotjobs.core.JobsTransportException} with reason code 0x87 when the policy denies the topic).
     *
     * @return the cause, if any
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return type + (error == null ? "" : " (" + error + ")");
    }
}
