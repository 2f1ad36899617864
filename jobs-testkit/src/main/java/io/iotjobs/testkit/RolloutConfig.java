package io.iotjobs.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How fast a job reaches its things ({@code jobExecutionsRolloutConfig} of CreateJob): at most so many things
 * get their execution (and its {@code notify}) per minute of the service's clock; the others wait for the next
 * minutes. With an exponential rate the job starts at the base rate and multiplies it by the increment factor
 * each time the rate-increase criterion is met, never above {@code maximumPerMinute} when that is set
 * (https://docs.aws.amazon.com/iot/latest/developerguide/jobs-configurations-details.html,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_JobExecutionsRolloutConfig.html).
 *
 * @param maximumPerMinute most things notified per minute, 1–1000, or empty
 * @param exponentialRate the exponential rate, or empty
 */
public record RolloutConfig(OptionalInt maximumPerMinute, Optional<ExponentialRate> exponentialRate) {

    /**
     * An exponential rollout rate.
     *
     * @param baseRatePerMinute the rate at the start, 1–1000
     * @param incrementFactor what the rate is multiplied by, 1.1–5 with one digit after the decimal point
     * @param numberOfNotifiedThings raise the rate after this many more things were notified (at least 1), or empty
     * @param numberOfSucceededThings raise the rate after this many more things succeeded (at least 1), or empty;
     *     exactly one of the two is set
     */
    public record ExponentialRate(
            int baseRatePerMinute,
            double incrementFactor,
            OptionalInt numberOfNotifiedThings,
            OptionalInt numberOfSucceededThings) {
        /**
         * An exponential rate.
         *
         * @param baseRatePerMinute the base rate
         * @param incrementFactor the factor
         * @param numberOfNotifiedThings the notified criterion
         * @param numberOfSucceededThings the succeeded criterion
         */
        public ExponentialRate {
            Objects.requireNonNull(numberOfNotifiedThings, "numberOfNotifiedThings");
            Objects.requireNonNull(numberOfSucceededThings, "numberOfSucceededThings");
        }
    }

    /**
     * A rollout configuration.
     *
     * @param maximumPerMinute the constant rate or the cap
     * @param exponentialRate the exponential rate
     */
    public RolloutConfig {
        Objects.requireNonNull(maximumPerMinute, "maximumPerMinute");
        Objects.requireNonNull(exponentialRate, "exponentialRate");
    }

    /**
     * A constant rate.
     *
     * @param maximumPerMinute things per minute
     * @return the configuration
     */
    public static RolloutConfig perMinute(int maximumPerMinute) {
        return new RolloutConfig(OptionalInt.of(maximumPerMinute), Optional.empty());
    }

    /**
     * An exponential rate without a cap, raised after each {@code notified} more things were notified.
     *
     * @param baseRatePerMinute the base rate
     * @param incrementFactor the factor
     * @param notified the criterion
     * @return the configuration
     */
    public static RolloutConfig exponential(int baseRatePerMinute, double incrementFactor, int notified) {
        return new RolloutConfig(
                OptionalInt.empty(),
                Optional.of(new ExponentialRate(
                        baseRatePerMinute, incrementFactor, OptionalInt.of(notified), OptionalInt.empty())));
    }
}
