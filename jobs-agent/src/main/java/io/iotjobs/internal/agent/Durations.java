package io.iotjobs.internal.agent;

import java.time.Duration;

/** Durations as people read them in logs and reasons. */
public final class Durations {

    private Durations() {}

    /**
     * A duration in the largest whole unit: {@code 5 min}, {@code 1 h}, {@code 30 s}, else milliseconds.
     *
     * @param duration the duration
     * @return the text
     */
    public static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        if (duration.getNano() == 0) {
            return seconds + " s";
        }
        return duration.toMillis() + " ms";
    }
}
