package io.iotjobs.testkit;

import java.util.List;
import java.util.Objects;

/**
 * When the service aborts a job ({@code abortConfig} of CreateJob): once at least
 * {@link Criteria#minNumberOfExecutedThings()} things were notified of the job and the share of them whose
 * execution ended with the failure type reaches {@link Criteria#thresholdPercentage()}, the job is canceled
 * (the only action AWS has, {@code CANCEL}): its QUEUED executions become CANCELED, with {@code notify} and
 * {@code notify-next} to their things (https://docs.aws.amazon.com/iot/latest/apireference/API_AbortCriteria.html).
 *
 * @param criteria at least one criterion
 */
public record AbortConfig(List<Criteria> criteria) {

    /** Which ends of executions a criterion counts as failures. */
    public enum FailureType {
        /** FAILED. */
        FAILED,
        /** REJECTED. */
        REJECTED,
        /** TIMED_OUT. */
        TIMED_OUT,
        /** FAILED, REJECTED and TIMED_OUT. */
        ALL
    }

    /**
     * One criterion.
     *
     * @param failureType the failures it counts
     * @param thresholdPercentage the share of failures that aborts the job: more than 0, at most 100, two digits
     *     after the decimal point at most (checked at creation)
     * @param minNumberOfExecutedThings how many things must have been notified first, at least 1
     */
    public record Criteria(FailureType failureType, double thresholdPercentage, int minNumberOfExecutedThings) {
        /**
         * A criterion.
         *
         * @param failureType the failures it counts
         * @param thresholdPercentage the threshold
         * @param minNumberOfExecutedThings the minimum
         */
        public Criteria {
            Objects.requireNonNull(failureType, "failureType");
        }
    }

    /**
     * An abort configuration.
     *
     * @param criteria the criteria (copied)
     */
    public AbortConfig {
        criteria = List.copyOf(criteria);
    }

    /**
     * A configuration with one criterion.
     *
     * @param failureType the failures it counts
     * @param thresholdPercentage the threshold
     * @param minNumberOfExecutedThings the minimum
     * @return the configuration
     */
    public static AbortConfig of(FailureType failureType, double thresholdPercentage, int minNumberOfExecutedThings) {
        return new AbortConfig(List.of(new Criteria(failureType, thresholdPercentage, minNumberOfExecutedThings)));
    }
}
