package io.iotjobs.benchmarks.roundtrip;

/**
 * One kind of round trip the harness measures: a request sent and its reply observed by the caller.
 * Implementations are thread-safe; several round trips may be in flight.
 */
interface Scenario extends AutoCloseable {

    /** Told when one round trip is over. */
    @FunctionalInterface
    interface Completion {
        /**
         * The round trip is over.
         *
         * @param failure why it failed, or {@code null} on success
         */
        void done(Throwable failure);
    }

    /**
     * A short name for tables ({@code raw}, {@code v2-describe}, ...).
     *
     * @return the name
     */
    String name();

    /**
     * What is measured, for the report.
     *
     * @return a sentence
     */
    String description();

    /**
     * Starts one round trip.
     *
     * @param completion called once, on whichever thread observes the reply
     */
    void start(Completion completion);

    @Override
    void close();
}
