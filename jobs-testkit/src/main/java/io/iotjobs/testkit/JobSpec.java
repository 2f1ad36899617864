package io.iotjobs.testkit;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JobsControl#createJob(JobSpec)} creates: a job id, a document, the target things and thing groups,
 * and the job's configuration. Build it with {@link #builder(String)}:
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder("fw-17")
 *         .document(JobDocument.parse("{\"operation\":\"install\"}"))
 *         .targets("dev-1", "dev-2")
 *         .inProgressTimeout(Duration.ofMinutes(30))
 *         .build();
 * }</pre>
 *
 * <p>The values are checked by the service when the job is created (names, document size, targets), so a
 * spec can describe a job the service will refuse. Immutable and thread-safe.
 */
public final class JobSpec {

    /** Whether a job ends with its first targets or goes on with the things that join its groups later. */
    public enum TargetSelection {
        /** The things targeted when the job is created (the default). */
        SNAPSHOT,
        /** Those, and every thing that joins one of the job's groups later (it gets an execution then). */
        CONTINUOUS
    }

    private final String jobId;
    private final JobDocument document;
    private final List<String> targetThingNames;
    private final List<String> targetGroupNames;
    private final TargetSelection targetSelection;
    private final Duration inProgressTimeout;
    private final String description;
    private final RetryConfig retryConfig;
    private final String namespaceId;
    private final Map<String, String> documentParameters;
    private final String jobTemplate;
    private final PresignedUrlConfig presignedUrlConfig;
    private final SchedulingConfig schedulingConfig;
    private final RolloutConfig rolloutConfig;
    private final AbortConfig abortConfig;

    private JobSpec(Builder builder) {
        this.jobId = builder.jobId;
        this.document = builder.document;
        this.targetThingNames = List.copyOf(builder.targets);
        this.targetGroupNames = List.copyOf(builder.groups);
        this.targetSelection = builder.targetSelection;
        this.inProgressTimeout = builder.inProgressTimeout;
        this.description = builder.description;
        this.retryConfig = builder.retryConfig;
        this.namespaceId = builder.namespaceId;
        this.documentParameters = builder.documentParameters;
        this.jobTemplate = builder.jobTemplate;
        this.presignedUrlConfig = builder.presignedUrlConfig;
        this.schedulingConfig = builder.schedulingConfig;
        this.rolloutConfig = builder.rolloutConfig;
        this.abortConfig = builder.abortConfig;
    }

    /**
     * A builder for a job with this id.
     *
     * @param jobId 1–64 characters of {@code [a-zA-Z0-9_-]} (checked at creation)
     * @return a builder; the document defaults to {@code {}}
     */
    public static Builder builder(String jobId) {
        return new Builder(Objects.requireNonNull(jobId, "jobId"));
    }

    /**
     * The job id.
     *
     * @return the id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * The job document.
     *
     * @return the document
     */
    public JobDocument document() {
        return document;
    }

    /**
     * The target things, in order.
     *
     * @return an unmodifiable list
     */
    public List<String> targetThingNames() {
        return targetThingNames;
    }

    /**
     * The target thing groups, in order: every thing in them (and in their child groups) gets an execution.
     *
     * @return an unmodifiable list of group names
     */
    public List<String> targetGroupNames() {
        return targetGroupNames;
    }

    /**
     * Whether the job is a snapshot or a continuous one.
     *
     * @return the selection, {@link TargetSelection#SNAPSHOT} by default
     */
    public TargetSelection targetSelection() {
        return targetSelection;
    }

    /**
     * How long an execution may stay IN_PROGRESS before it times out.
     *
     * @return the timeout, or empty for none
     */
    public Optional<Duration> inProgressTimeout() {
        return Optional.ofNullable(inProgressTimeout);
    }

    /**
     * The job's description.
     *
     * @return the description, or empty for none
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * When failed or timed-out executions are retried.
     *
     * @return the configuration, or empty for no retries
     */
    public Optional<RetryConfig> retryConfig() {
        return Optional.ofNullable(retryConfig);
    }

    /**
     * When the job is aborted (canceled) because too many executions failed.
     *
     * @return the value, or empty for none
     */
    public Optional<AbortConfig> abortConfig() {
        return Optional.ofNullable(abortConfig);
    }

    /**
     * How fast the job reaches its things.
     *
     * @return the value, or empty for none
     */
    public Optional<RolloutConfig> rolloutConfig() {
        return Optional.ofNullable(rolloutConfig);
    }

    /**
     * When the job rolls out: start and end time, maintenance windows.
     *
     * @return the value, or empty for none
     */
    public Optional<SchedulingConfig> schedulingConfig() {
        return Optional.ofNullable(schedulingConfig);
    }

    /**
     * How long the presigned URLs of the document stay valid.
     *
     * @return the value, or empty for none
     */
    public Optional<PresignedUrlConfig> presignedUrlConfig() {
        return Optional.ofNullable(presignedUrlConfig);
    }

    /**
     * The job template the job is created from.
     *
     * @return the value, or empty for none
     */
    public Optional<String> jobTemplate() {
        return Optional.ofNullable(jobTemplate);
    }

    /**
     * The values of the placeholders of the template's document.
     *
     * @return the value, or empty for none
     */
    public Optional<Map<String, String>> documentParameters() {
        return Optional.ofNullable(documentParameters);
    }

    /**
     * The namespace of the job: its notifications go to the namespace's notify topics.
     *
     * @return the value, or empty for none
     */
    public Optional<String> namespaceId() {
        return Optional.ofNullable(namespaceId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobSpec)) {
            return false;
        }
        JobSpec other = (JobSpec) o;
        return jobId.equals(other.jobId)
                && document.equals(other.document)
                && targetThingNames.equals(other.targetThingNames)
                && targetGroupNames.equals(other.targetGroupNames)
                && targetSelection == other.targetSelection
                && Objects.equals(inProgressTimeout, other.inProgressTimeout)
                && Objects.equals(description, other.description)
                && Objects.equals(retryConfig, other.retryConfig)
                && Objects.equals(namespaceId, other.namespaceId)
                && Objects.equals(documentParameters, other.documentParameters)
                && Objects.equals(jobTemplate, other.jobTemplate)
                && Objects.equals(presignedUrlConfig, other.presignedUrlConfig)
                && Objects.equals(schedulingConfig, other.schedulingConfig)
                && Objects.equals(rolloutConfig, other.rolloutConfig)
                && Objects.equals(abortConfig, other.abortConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                jobId,
                document,
                targetThingNames,
                targetGroupNames,
                targetSelection,
                inProgressTimeout,
                description,
                retryConfig,
                namespaceId,
                documentParameters,
                jobTemplate,
                presignedUrlConfig,
                schedulingConfig,
                rolloutConfig,
                abortConfig);
    }

    @Override
    public String toString() {
        return "JobSpec{" + jobId + ", " + targetSelection + ", targets=" + targetThingNames
                + (targetGroupNames.isEmpty() ? "" : ", groups=" + targetGroupNames)
                + (inProgressTimeout == null ? "" : ", inProgressTimeout=" + inProgressTimeout) + "}";
    }

    /**
     * A builder holding this spec's values, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(jobId);
        b.document = document;
        b.targets.addAll(targetThingNames);
        b.groups.addAll(targetGroupNames);
        b.targetSelection = targetSelection;
        b.inProgressTimeout = inProgressTimeout;
        b.description = description;
        b.retryConfig = retryConfig;
        b.namespaceId = namespaceId;
        b.documentParameters = documentParameters;
        b.jobTemplate = jobTemplate;
        b.presignedUrlConfig = presignedUrlConfig;
        b.schedulingConfig = schedulingConfig;
        b.rolloutConfig = rolloutConfig;
        b.abortConfig = abortConfig;
        return b;
    }

    /** Builds a {@link JobSpec}. Not thread-safe. */
    public static final class Builder {
        private final String jobId;
        private JobDocument document = JobDocument.empty();
        private final List<String> targets = new ArrayList<>();
        private final List<String> groups = new ArrayList<>();
        private TargetSelection targetSelection = TargetSelection.SNAPSHOT;
        private Duration inProgressTimeout;
        private String description;
        private RetryConfig retryConfig;
        private String namespaceId;
        private Map<String, String> documentParameters;
        private String jobTemplate;
        private PresignedUrlConfig presignedUrlConfig;
        private SchedulingConfig schedulingConfig;
        private RolloutConfig rolloutConfig;
        private AbortConfig abortConfig;

        private Builder(String jobId) {
            this.jobId = jobId;
        }

        /**
         * Sets the job document.
         *
         * @param value the document
         * @return this builder
         */
        public Builder document(JobDocument value) {
            this.document = Objects.requireNonNull(value, "document");
            return this;
        }

        /**
         * Adds target things.
         *
         * @param thingNames thing names
         * @return this builder
         */
        public Builder targets(String... thingNames) {
            return targets(Arrays.asList(thingNames));
        }

        /**
         * Adds target things.
         *
         * @param thingNames thing names
         * @return this builder
         */
        public Builder targets(List<String> thingNames) {
            for (String name : Objects.requireNonNull(thingNames, "thingNames")) {
                targets.add(Objects.requireNonNull(name, "thingNames contains null"));
            }
            return this;
        }

        /**
         * Adds target thing groups (of the service's {@link ThingRegistry}): their things, and those of their
         * child groups, get executions.
         *
         * @param groupNames group names
         * @return this builder
         */
        public Builder targetGroups(String... groupNames) {
            return targetGroups(Arrays.asList(groupNames));
        }

        /**
         * Adds target thing groups.
         *
         * @param groupNames group names
         * @return this builder
         */
        public Builder targetGroups(List<String> groupNames) {
            for (String name : Objects.requireNonNull(groupNames, "groupNames")) {
                groups.add(Objects.requireNonNull(name, "groupNames contains null"));
            }
            return this;
        }

        /**
         * Makes the job a snapshot (default) or a continuous one.
         *
         * @param value the selection
         * @return this builder
         */
        public Builder targetSelection(TargetSelection value) {
            this.targetSelection = Objects.requireNonNull(value, "targetSelection");
            return this;
        }

        /**
         * Sets the in-progress timeout: an execution times out this long after it went IN_PROGRESS, whatever
         * its step timers say.
         *
         * @param value positive, at most 7 days (checked at creation)
         * @return this builder
         */
        public Builder inProgressTimeout(Duration value) {
            this.inProgressTimeout = Objects.requireNonNull(value, "inProgressTimeout");
            return this;
        }

        /**
         * Sets the description, which the control API reports with the job.
         *
         * @param value 1–2028 characters without control characters (checked at creation)
         * @return this builder
         */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Retries failed or timed-out executions.
         *
         * @param value the retry criteria (checked at creation)
         * @return this builder
         */
        public Builder retryConfig(RetryConfig value) {
            this.retryConfig = Objects.requireNonNull(value, "retryConfig");
            return this;
        }

        /**
         * Aborts (cancels) the job when too many executions fail.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder abortConfig(AbortConfig value) {
            this.abortConfig = Objects.requireNonNull(value, "abortConfig");
            return this;
        }

        /**
         * Rolls the job out at a limited rate of things per minute.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder rolloutConfig(RolloutConfig value) {
            this.rolloutConfig = Objects.requireNonNull(value, "rolloutConfig");
            return this;
        }

        /**
         * Schedules the job: start and end time, end behavior, maintenance windows.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder schedulingConfig(SchedulingConfig value) {
            this.schedulingConfig = Objects.requireNonNull(value, "schedulingConfig");
            return this;
        }

        /**
         * Sets the role and validity of the presigned URLs of the document.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder presignedUrlConfig(PresignedUrlConfig value) {
            this.presignedUrlConfig = Objects.requireNonNull(value, "presignedUrlConfig");
            return this;
        }

        /**
         * Creates the job from a job template ({@link JobsControl#createJobTemplate(JobTemplate)}): the job takes
         * its document, with the placeholders replaced by the document parameters, and every configuration this
         * spec does not set. Leave the document unset (empty).
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder jobTemplate(String value) {
            this.jobTemplate = Objects.requireNonNull(value, "jobTemplate");
            return this;
        }

        /**
         * Sets the values of the placeholders {@code ${aws:iot:parameter:<name>}} of the template's document:
         * keys 1–128 characters of {@code [a-zA-Z0-9_-]}, values 1–512 characters without control characters.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder documentParameters(Map<String, String> value) {
            this.documentParameters = Map.copyOf(Objects.requireNonNull(value, "documentParameters"));
            return this;
        }

        /**
         * Puts the job in a namespace (1-64 characters of {@code [a-zA-Z0-9_-]}): its executions' notify and
         * notify-next events go to {@code $aws/things/<thing>/jobs/notify-namespace-<namespaceId>} and
         * {@code .../notify-next-namespace-<namespaceId>} instead of the plain topics.
         *
         * @param value the value (checked at creation)
         * @return this builder
         */
        public Builder namespaceId(String value) {
            this.namespaceId = Objects.requireNonNull(value, "namespaceId");
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         */
        public JobSpec build() {
            return new JobSpec(this);
        }
    }
}
