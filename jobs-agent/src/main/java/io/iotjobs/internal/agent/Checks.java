package io.iotjobs.internal.agent;

import java.time.Duration;
import java.util.Objects;

/** Checks of settings, with errors that name the setting. */
public final class Checks {

    private Checks() {}

    /**
     * Checks that a duration is positive.
     *
     * @param value the duration
     * @param field the setting's name
     * @return the duration
     * @throws IllegalArgumentException naming the setting otherwise
     */
    public static Duration positive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
        return value;
    }
}
