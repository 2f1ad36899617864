package io.iotjobs.samples;

import java.util.Locale;

/** Formatting shared by the commands' output. */
final class Console {

    private Console() {}

    /**
     * The time since a start, for the left column: {@code " +1.25s"}.
     *
     * @param startNanos a {@link System#nanoTime()} reading
     * @return the formatted time
     */
    static String elapsed(long startNanos) {
        return String.format(Locale.ROOT, "%+7.2fs", (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * Seconds with two decimals.
     *
     * @param nanos a duration in nanoseconds
     * @return e.g. {@code "0.42 s"}
     */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
