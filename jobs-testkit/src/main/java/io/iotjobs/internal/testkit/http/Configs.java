package io.iotjobs.internal.testkit.http;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.testkit.AbortConfig;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.PresignedUrlConfig;
import io.iotjobs.testkit.RetryConfig;
import io.iotjobs.testkit.RolloutConfig;
import io.iotjobs.testkit.SchedulingConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reading the job configurations of CreateJob, UpdateJob and CreateJobTemplate bodies into the Java API's
 * values (shapes of the AWS IoT API reference). Only JSON types are checked here; the ranges are checked by the
 * service, so that the Java and HTTP APIs refuse the same values.
 */
final class Configs {

    private Configs() {}

    /**
     * Sets what CreateJob and UpdateJob share: {@code description}, {@code timeoutConfig},
     * {@code jobExecutionsRetryConfig}, {@code abortConfig}, {@code jobExecutionsRolloutConfig},
     * {@code presignedUrlConfig}.
     *
     * @param body the request body
     * @param spec the spec to set them on
     */
    static void updatable(Body body, JobSpec.Builder spec) {
        String description = body.text("description");
        if (description != null) {
            spec.description(description);
        }
        Body timeout = body.object("timeoutConfig");
        if (timeout != null) {
            Long minutes = timeout.integer("inProgressTimeoutInMinutes", 1, Validation.MAX_STEP_TIMEOUT_MINUTES);
            if (minutes != null) {
                spec.inProgressTimeout(Duration.ofMinutes(minutes));
            }
        }
        retry(body.object("jobExecutionsRetryConfig")).ifPresent(spec::retryConfig);
        abort(body.object("abortConfig")).ifPresent(spec::abortConfig);
        rollout(body.object("jobExecutionsRolloutConfig")).ifPresent(spec::rolloutConfig);
        presigned(body.object("presignedUrlConfig")).ifPresent(spec::presignedUrlConfig);
    }

    /** {@code presignedUrlConfig}: {@code {"roleArn","expiresInSec"}} (3600 seconds when not given, as on AWS). */
    static Optional<PresignedUrlConfig> presigned(Body config) {
        if (config == null) {
            return Optional.empty();
        }
        Long seconds = config.integer("expiresInSec", Long.MIN_VALUE, Long.MAX_VALUE);
        return Optional.of(new PresignedUrlConfig(
                config.requiredText("roleArn"), Duration.ofSeconds(seconds == null ? 3600 : seconds)));
    }

    /**
     * {@code abortConfig}: {@code {"criteriaList":[{"action":"CANCEL","failureType","thresholdPercentage",
     * "minNumberOfExecutedThings"}]}}.
     */
    static Optional<AbortConfig> abort(Body config) {
        if (config == null) {
            return Optional.empty();
        }
        List<Body> list = config.objects("criteriaList");
        if (list == null) {
            throw ApiError.invalid(config.name("criteriaList") + ": required");
        }
        List<AbortConfig.Criteria> criteria = new ArrayList<>();
        for (Body c : list) {
            String action = c.requiredText("action");
            if (!action.equals("CANCEL")) {
                throw ApiError.invalid(c.name("action") + ": must be CANCEL, got " + action);
            }
            AbortConfig.FailureType type =
                    Enums.parse(AbortConfig.FailureType.class, c.name("failureType"), c.requiredText("failureType"));
            Double threshold = c.number("thresholdPercentage");
            Long min = c.integer("minNumberOfExecutedThings", Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (threshold == null || min == null) {
                throw ApiError.invalid(
                        c.name(threshold == null ? "thresholdPercentage" : "minNumberOfExecutedThings") + ": required");
            }
            criteria.add(new AbortConfig.Criteria(type, threshold, min.intValue()));
        }
        return Optional.of(new AbortConfig(criteria));
    }

    /**
     * {@code jobExecutionsRolloutConfig}: {@code {"maximumPerMinute","exponentialRate":{"baseRatePerMinute",
     * "incrementFactor","rateIncreaseCriteria":{"numberOfNotifiedThings","numberOfSucceededThings"}}}}.
     */
    static Optional<RolloutConfig> rollout(Body config) {
        if (config == null) {
            return Optional.empty();
        }
        Long max = config.integer("maximumPerMinute", Integer.MIN_VALUE, Integer.MAX_VALUE);
        Body rate = config.object("exponentialRate");
        Optional<RolloutConfig.ExponentialRate> exponential = Optional.empty();
        if (rate != null) {
            Long base = rate.integer("baseRatePerMinute", Integer.MIN_VALUE, Integer.MAX_VALUE);
            Double factor = rate.number("incrementFactor");
            Body criteria = rate.requiredObject("rateIncreaseCriteria");
            if (base == null || factor == null) {
                throw ApiError.invalid(
                        rate.name(base == null ? "baseRatePerMinute" : "incrementFactor") + ": required");
            }
            exponential = Optional.of(new RolloutConfig.ExponentialRate(
                    base.intValue(),
                    factor,
                    optionalInt(criteria.integer("numberOfNotifiedThings", Integer.MIN_VALUE, Integer.MAX_VALUE)),
                    optionalInt(criteria.integer("numberOfSucceededThings", Integer.MIN_VALUE, Integer.MAX_VALUE))));
        }
        return Optional.of(new RolloutConfig(optionalInt(max), exponential));
    }

    private static OptionalInt optionalInt(Long value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value.intValue());
    }

    /**
     * {@code schedulingConfig}: {@code {"startTime","endTime","endBehavior","maintenanceWindows":[{"startTime",
     * "durationInMinutes"}]}}, times as {@code YYYY-MM-DDTHH:MM} in UTC (seconds and an offset are accepted too).
     */
    static Optional<SchedulingConfig> scheduling(Body config) {
        if (config == null) {
            return Optional.empty();
        }
        List<SchedulingConfig.MaintenanceWindow> windows = new ArrayList<>();
        List<Body> list = config.objects("maintenanceWindows");
        if (list != null) {
            for (Body w : list) {
                Long minutes = w.integer("durationInMinutes", Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (minutes == null) {
                    throw ApiError.invalid(w.name("durationInMinutes") + ": required");
                }
                windows.add(new SchedulingConfig.MaintenanceWindow(w.requiredText("startTime"), minutes.intValue()));
            }
        }
        String behavior = config.text("endBehavior");
        return Optional.of(new SchedulingConfig(
                time(config, "startTime"),
                time(config, "endTime"),
                behavior == null
                        ? Optional.empty()
                        : Optional.of(
                                Enums.parse(SchedulingConfig.EndBehavior.class, config.name("endBehavior"), behavior)),
                windows));
    }

    /** A time as the scheduling configuration writes it: {@code YYYY-MM-DDTHH:MM}, UTC. */
    static String time(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
                .withZone(ZoneOffset.UTC)
                .format(instant);
    }

    private static Optional<Instant> time(Body config, String field) {
        String text = config.text(field);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException again) {
                throw ApiError.invalid(
                        config.name(field) + ": must be a date and time such as 2030-01-31T14:30," + " got " + text);
            }
        }
    }

    /** {@code jobExecutionsRetryConfig}: {@code {"criteriaList":[{"failureType","numberOfRetries"}]}}. */
    static Optional<RetryConfig> retry(Body config) {
        if (config == null) {
            return Optional.empty();
        }
        List<Body> list = config.objects("criteriaList");
        if (list == null) {
            throw ApiError.invalid(config.name("criteriaList") + ": required");
        }
        List<RetryConfig.Criteria> criteria = new ArrayList<>();
        for (Body c : list) {
            RetryConfig.FailureType type =
                    Enums.parse(RetryConfig.FailureType.class, c.name("failureType"), c.requiredText("failureType"));
            Long retries = c.integer("numberOfRetries", Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (retries == null) {
                throw ApiError.invalid(c.name("numberOfRetries") + ": required");
            }
            criteria.add(new RetryConfig.Criteria(type, retries.intValue()));
        }
        return Optional.of(new RetryConfig(criteria));
    }
}
