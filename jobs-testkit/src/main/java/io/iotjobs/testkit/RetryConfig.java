package io.iotjobs.testkit;

import java.util.List;
import java.util.Objects;

/**
 * When the service retries a job's executions ({@code jobExecutionsRetryConfig} of CreateJob): after an
 * execution ends FAILED or TIMED_OUT and a criterion of that failure type has retries left, the thing gets a new
 * execution of the job (the next execution number, QUEUED, with {@code notify} and {@code notify-next} as for any
 * new execution) whose retry attempt is one more. Up to 10 retries per criterion, at most two criteria
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_JobExecutionsRetryConfig.html).
 *
 * @param criteria one or two criteria, of different failure types
 */
public record RetryConfig(List<Criteria> criteria) {

    /** Which failures a criterion counts. */
    public enum FailureType {
        /** Executions the device reported FAILED. */
        FAILED,
        /** Executions that timed out. */
        TIMED_OUT,
        /** Both. */
        ALL
    }

    /**
     * One criterion.
     *
     * @param failureType the failures it counts
     * @param numberOfRetries how many retries those failures get, 0–10 (checked at creation)
     */
    public record Criteria(FailureType failureType, int numberOfRetries) {
        /**
         * A criterion.
         *
         * @param failureType the failures it counts
         * @param numberOfRetries how many retries
         */
        public Criteria {
            Objects.requireNonNull(failureType, "failureType");
        }
    }

    /**
     * A retry configuration.
     *
     * @param criteria the criteria (copied)
     */
    public RetryConfig {
        criteria = List.copyOf(criteria);
    }

    /**
     * A configuration with one criterion.
     *
     * @param failureType the failures it counts
     * @param numberOfRetries how many retries
     * @return the configuration
     */
    public static RetryConfig of(FailureType failureType, int numberOfRetries) {
        return new RetryConfig(List.of(new Criteria(failureType, numberOfRetries)));
    }
}
