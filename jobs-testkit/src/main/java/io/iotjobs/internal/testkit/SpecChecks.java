package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.testkit.AbortConfig;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.PresignedUrlConfig;
import io.iotjobs.testkit.RetryConfig;
import io.iotjobs.testkit.RolloutConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a job's spec before anything is created: every field the AWS IoT API reference validates
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_CreateJob.html), with a message naming the field.
 */
final class SpecChecks {

    /**
     * Most targets (things and groups) a job may have after AssociateTargetsWithJob (API reference); CreateJob
     * itself is not limited here (UNCONFIRMED: its quota is not on the API reference page).
     */
    static final int MAX_TARGETS = 100;
    /** Most retries of one criterion (API reference, RetryCriteria). */
    static final int MAX_RETRIES = 10;
    /** Highest rollout rate per minute (API reference, JobExecutionsRolloutConfig and ExponentialRolloutRate). */
    static final int MAX_RATE = 1000;

    private static final Duration MAX_IN_PROGRESS_TIMEOUT = Duration.ofMinutes(Validation.MAX_STEP_TIMEOUT_MINUTES);

    private final ServiceConfig config;
    private final Registry registry;

    SpecChecks(ServiceConfig config, Registry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * Checks a spec for CreateJob.
     *
     * @param spec the spec
     * @throws IllegalArgumentException naming the field at fault
     */
    void check(JobSpec spec) {
        Validation.jobId("jobId", spec.jobId(), false);
        checkConfigs(spec);
        List<String> things = spec.targetThingNames();
        List<String> groups = spec.targetGroupNames();
        if (things.isEmpty() && groups.isEmpty()) {
            throw new IllegalArgumentException("targetThingNames: at least one target (thing or group) is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < things.size(); i++) {
            String thing = Validation.thingName("targetThingNames[" + i + "]", things.get(i));
            if (!seen.add(thing)) {
                throw new IllegalArgumentException("targetThingNames[" + i + "]: duplicate target " + thing);
            }
            if (config.strictThings() && !registry.exists(thing)) {
                throw ControlError.NOT_FOUND.exception(
                        "targetThingNames[" + i + "]: thing " + thing + " is not registered");
            }
        }
        groups(groups, "targetGroupNames", new HashSet<>());
    }

    /**
     * Checks what a job and a job template share: the document's size, the description, the in-progress timeout
     * and the configurations.
     *
     * @param spec the spec
     * @throws IllegalArgumentException naming the field at fault
     */
    void checkConfigs(JobSpec spec) {
        int size = spec.document().encodedSize();
        if (size > config.maxJobDocumentBytes()) {
            throw new IllegalArgumentException(
                    "document: " + size + " bytes, more than the limit of " + config.maxJobDocumentBytes());
        }
        spec.inProgressTimeout().ifPresent(timeout -> {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_IN_PROGRESS_TIMEOUT) > 0) {
                throw new IllegalArgumentException("inProgressTimeout: must be positive and at most "
                        + MAX_IN_PROGRESS_TIMEOUT + ", got " + timeout);
            }
        });
        spec.description().ifPresent(text -> Texts.text("description", text, Texts.MAX_DESCRIPTION));
        spec.namespaceId().ifPresent(id -> {
            if (!id.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("namespaceId: must be 1-64 characters of [a-zA-Z0-9_-], got " + id);
            }
        });
        spec.retryConfig().ifPresent(SpecChecks::retry);
        spec.abortConfig().ifPresent(SpecChecks::abort);
        spec.rolloutConfig().ifPresent(SpecChecks::rollout);
        spec.presignedUrlConfig().ifPresent(SpecChecks::presigned);
        DeviceDocuments.check(spec.document(), spec.presignedUrlConfig().orElse(null));
    }

    /** Checks a presigned-URL configuration: a role ARN of 20–2048 characters, 60–3600 seconds. */
    static void presigned(PresignedUrlConfig presigned) {
        int length = presigned.roleArn().length();
        if (length < 20 || length > 2048) {
            throw new IllegalArgumentException("presignedUrlConfig.roleArn: must be 20-2048 characters, got " + length);
        }
        long seconds = presigned.expiresIn().getSeconds();
        if (seconds < 60 || seconds > 3600 || presigned.expiresIn().getNano() != 0) {
            throw new IllegalArgumentException(
                    "presignedUrlConfig.expiresInSec: must be 60-3600 whole seconds, got " + presigned.expiresIn());
        }
    }

    /** Checks a rollout configuration against the ranges of the API reference. */
    static void rollout(RolloutConfig rollout) {
        String field = "jobExecutionsRolloutConfig.";
        rollout.maximumPerMinute().ifPresent(max -> range(field + "maximumPerMinute", max, 1, MAX_RATE));
        if (rollout.maximumPerMinute().isEmpty() && rollout.exponentialRate().isEmpty()) {
            throw new IllegalArgumentException(field + "maximumPerMinute: required, or exponentialRate");
        }
        rollout.exponentialRate().ifPresent(rate -> {
            String sub = field + "exponentialRate.";
            range(sub + "baseRatePerMinute", rate.baseRatePerMinute(), 1, MAX_RATE);
            double factor = rate.incrementFactor();
            if (!(factor >= 1.1 && factor <= 5) || Math.abs(factor * 10 - Math.rint(factor * 10)) > 1e-6) {
                throw new IllegalArgumentException(sub + "incrementFactor: must be 1.1-5 with at most one digit after"
                        + " the decimal point, got " + factor);
            }
            if (rate.numberOfNotifiedThings().isPresent()
                    == rate.numberOfSucceededThings().isPresent()) {
                throw new IllegalArgumentException(sub + "rateIncreaseCriteria: set exactly one of"
                        + " numberOfNotifiedThings and numberOfSucceededThings");
            }
            rate.numberOfNotifiedThings()
                    .ifPresent(
                            n -> range(sub + "rateIncreaseCriteria.numberOfNotifiedThings", n, 1, Integer.MAX_VALUE));
            rate.numberOfSucceededThings()
                    .ifPresent(
                            n -> range(sub + "rateIncreaseCriteria.numberOfSucceededThings", n, 1, Integer.MAX_VALUE));
        });
    }

    private static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": must be " + min + "-" + max + ", got " + value);
        }
    }

    /** Checks an abort configuration: criteria with a threshold of at most 100 (two decimals) and a minimum of 1. */
    static void abort(AbortConfig abort) {
        if (abort.criteria().isEmpty()) {
            throw new IllegalArgumentException("abortConfig.criteriaList: at least one criterion is required");
        }
        for (int i = 0; i < abort.criteria().size(); i++) {
            AbortConfig.Criteria c = abort.criteria().get(i);
            String field = "abortConfig.criteriaList[" + i + "]";
            double threshold = c.thresholdPercentage();
            if (!(threshold >= 0 && threshold <= 100)) {
                throw new IllegalArgumentException(
                        field + ".thresholdPercentage: must be at most 100, got " + threshold);
            }
            if (Math.abs(threshold * 100 - Math.rint(threshold * 100)) > 1e-6) {
                throw new IllegalArgumentException(field + ".thresholdPercentage: at most two digits after the"
                        + " decimal point, got " + threshold);
            }
            if (c.minNumberOfExecutedThings() < 1) {
                throw new IllegalArgumentException(
                        field + ".minNumberOfExecutedThings: must be at least 1, got " + c.minNumberOfExecutedThings());
            }
        }
    }

    /**
     * Checks a retry configuration: 1–2 criteria of different failure types, 0–10 retries each. ALL together with
     * another criterion is refused (UNCONFIRMED: the API reference does not say how the two would combine).
     */
    static void retry(RetryConfig retry) {
        List<RetryConfig.Criteria> criteria = retry.criteria();
        if (criteria.isEmpty() || criteria.size() > 2) {
            throw new IllegalArgumentException(
                    "jobExecutionsRetryConfig.criteriaList: 1 or 2 criteria, got " + criteria.size());
        }
        for (int i = 0; i < criteria.size(); i++) {
            RetryConfig.Criteria c = criteria.get(i);
            String field = "jobExecutionsRetryConfig.criteriaList[" + i + "]";
            if (c.numberOfRetries() < 0 || c.numberOfRetries() > MAX_RETRIES) {
                throw new IllegalArgumentException(
                        field + ".numberOfRetries: must be 0-" + MAX_RETRIES + ", got " + c.numberOfRetries());
            }
            if (i == 1
                    && (c.failureType() == criteria.get(0).failureType()
                            || c.failureType() == RetryConfig.FailureType.ALL
                            || criteria.get(0).failureType() == RetryConfig.FailureType.ALL)) {
                throw new IllegalArgumentException(field + ".failureType: " + c.failureType() + " overlaps "
                        + criteria.get(0).failureType() + "; two criteria must be FAILED and TIMED_OUT");
            }
        }
    }

    /**
     * Checks group names: valid, existing, not repeated (nor in {@code seen}).
     *
     * @param groups the names
     * @param field the field name for the messages
     * @param seen names already targeted; the checked ones are added
     * @throws IllegalArgumentException naming the field at fault ({@link ControlError#NOT_FOUND} for a missing
     *     group)
     */
    void groups(List<String> groups, String field, Set<String> seen) {
        for (int i = 0; i < groups.size(); i++) {
            String group = Validation.thingName(field + "[" + i + "]", groups.get(i));
            if (!seen.add(group)) {
                throw new IllegalArgumentException(field + "[" + i + "]: duplicate target " + group);
            }
            if (!registry.groupExists(group)) {
                throw ControlError.NOT_FOUND.exception(field + "[" + i + "]: no thing group named " + group);
            }
        }
    }
}
