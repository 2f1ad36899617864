package io.iotjobs.internal.protocol;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The table of the four request/reply operations: names, topics, payload types, field rules. Everything
 * that differs between operations is a column here; the engines, the facades and the local service read
 * the table and never spell a topic themselves.
 *
 * @param <Q> the request type
 * @param <R> the accepted reply type
 */
public final class Operation<Q extends JobsRequest, R extends JobsResponse> {

    /** GetPendingJobExecutions: {@code jobs/get}. */
    public static final Operation<GetPendingJobExecutionsRequest, GetPendingJobExecutionsResponse> GET_PENDING =
            new Operation<>(
                    "GetPendingJobExecutions",
                    "get",
                    false,
                    false,
                    GetPendingJobExecutionsRequest.class,
                    GetPendingJobExecutionsResponse.class,
                    r -> null,
                    (r, t) -> GetPendingJobExecutionsRequest.builder()
                            .from(r)
                            .clientToken(t)
                            .build(),
                    (r, limits) -> {});

    /** StartNextPendingJobExecution: {@code jobs/start-next}. */
    public static final Operation<StartNextPendingJobExecutionRequest, StartNextJobExecutionResponse> START_NEXT =
            new Operation<>(
                    "StartNextPendingJobExecution",
                    "start-next",
                    false,
                    false,
                    StartNextPendingJobExecutionRequest.class,
                    StartNextJobExecutionResponse.class,
                    r -> null,
                    (r, t) -> StartNextPendingJobExecutionRequest.builder()
                            .from(r)
                            .clientToken(t)
                            .build(),
                    (r, limits) -> {
                        Validation.statusDetails(r.statusDetails(), limits);
                        Validation.stepTimeout(r.stepTimeoutInMinutes(), false);
                    });

    /** DescribeJobExecution: {@code jobs/{jobId}/get}, where the job id may be {@code $next}. */
    public static final Operation<DescribeJobExecutionRequest, DescribeJobExecutionResponse> DESCRIBE = new Operation<>(
            "DescribeJobExecution",
            "get",
            true,
            true,
            DescribeJobExecutionRequest.class,
            DescribeJobExecutionResponse.class,
            DescribeJobExecutionRequest::jobId,
            (r, t) ->
                    DescribeJobExecutionRequest.builder().from(r).clientToken(t).build(),
            (r, limits) -> Validation.atLeast("executionNumber", r.executionNumber(), 1));

    /** UpdateJobExecution: {@code jobs/{jobId}/update}. */
    public static final Operation<UpdateJobExecutionRequest, UpdateJobExecutionResponse> UPDATE = new Operation<>(
            "UpdateJobExecution",
            "update",
            true,
            false,
            UpdateJobExecutionRequest.class,
            UpdateJobExecutionResponse.class,
            UpdateJobExecutionRequest::jobId,
            (r, t) -> UpdateJobExecutionRequest.builder().from(r).clientToken(t).build(),
            (r, limits) -> {
                Validation.deviceStatus(r.status());
                Validation.statusDetails(r.statusDetails(), limits);
                Validation.stepTimeout(r.stepTimeoutInMinutes(), true);
                Validation.atLeast("expectedVersion", r.expectedVersion(), 0);
                Validation.atLeast("executionNumber", r.executionNumber(), 1);
            });

    private static final List<Operation<?, ?>> ALL = List.of(GET_PENDING, START_NEXT, DESCRIBE, UPDATE);

    private final String name;
    private final String suffix;
    private final boolean hasJobId;
    private final boolean nextAliasAllowed;
    private final Class<Q> requestType;
    private final Class<R> responseType;
    private final Function<Q, String> jobIdOf;
    private final BiFunction<Q, String, Q> withToken;
    private final BiConsumer<Q, JobsLimits> fieldRules;

    private Operation(
            String name,
            String suffix,
            boolean hasJobId,
            boolean nextAliasAllowed,
            Class<Q> requestType,
            Class<R> responseType,
            Function<Q, String> jobIdOf,
            BiFunction<Q, String, Q> withToken,
            BiConsumer<Q, JobsLimits> fieldRules) {
        this.name = name;
        this.suffix = suffix;
        this.hasJobId = hasJobId;
        this.nextAliasAllowed = nextAliasAllowed;
        this.requestType = requestType;
        this.responseType = responseType;
        this.jobIdOf = jobIdOf;
        this.withToken = withToken;
        this.fieldRules = fieldRules;
    }

    /**
     * The four operations.
     *
     * @return GET_PENDING, START_NEXT, DESCRIBE, UPDATE
     */
    public static List<Operation<?, ?>> all() {
        return ALL;
    }

    /**
     * Checks every field of a request against the service's rules.
     *
     * @param request the request
     * @param limits the configurable limits
     * @throws NullPointerException if the request is null
     * @throws IllegalArgumentException naming the first field that breaks a rule
     */
    public void validate(Q request, JobsLimits limits) {
        Objects.requireNonNull(request, "request");
        Validation.thingName("thingName", request.thingName());
        if (hasJobId) {
            Validation.jobId("jobId", jobIdOf.apply(request), nextAliasAllowed);
        }
        Validation.clientToken(request.clientToken(), limits);
        fieldRules.accept(request, limits);
    }

    /**
     * The request's job id, for operations that have one.
     *
     * @param request the request
     * @return the job id, or {@code null} for GetPending and StartNext
     */
    public String jobIdOf(Q request) {
        return jobIdOf.apply(request);
    }

    /**
     * A copy of the request with another client token; the original is not changed.
     *
     * @param request the request
     * @param clientToken the token
     * @return the copy
     */
    public Q withClientToken(Q request, String clientToken) {
        return withToken.apply(request, clientToken);
    }

    /**
     * The topic a request is published to. Validate the request first.
     *
     * @param request a validated request
     * @return e.g. {@code $aws/things/dev-1/jobs/j1/update}
     */
    public String requestTopic(Q request) {
        return Topics.base(request.thingName()) + (hasJobId ? jobIdOf.apply(request) + "/" : "") + suffix;
    }

    /**
     * A reply topic, or with a {@code null} job id the filter for the replies of every job.
     *
     * @param thingName a validated thing name
     * @param jobId a validated job id, {@code null} for every job (ignored by operations without job id)
     * @param kind accepted or rejected
     * @return the topic or filter
     */
    public String replyTopic(String thingName, String jobId, ReplyKind kind) {
        return requestTopic(thingName, jobId) + "/" + kind.suffix();
    }

    /**
     * The one filter that covers both reply topics (and only those), for a job or with a {@code null} job
     * id for every job.
     *
     * @param thingName a validated thing name
     * @param jobId a validated job id, or {@code null}
     * @return e.g. {@code $aws/things/dev-1/jobs/+/update/+}
     */
    public String replyFilter(String thingName, String jobId) {
        return requestTopic(thingName, jobId) + "/+";
    }

    private String requestTopic(String thingName, String jobId) {
        return Topics.base(thingName) + (hasJobId ? (jobId == null ? "+" : jobId) + "/" : "") + suffix;
    }

    /**
     * The operation's name in the AWS API.
     *
     * @return e.g. {@code UpdateJobExecution}
     */
    public String name() {
        return name;
    }

    /**
     * The topic segment that names the operation.
     *
     * @return {@code get}, {@code start-next} or {@code update}
     */
    public String suffix() {
        return suffix;
    }

    /**
     * Whether the topic carries a job id.
     *
     * @return true for Describe and Update
     */
    public boolean hasJobId() {
        return hasJobId;
    }

    /**
     * Whether the job id may be {@code $next}.
     *
     * @return true for Describe only
     */
    public boolean nextAliasAllowed() {
        return nextAliasAllowed;
    }

    /**
     * The request type.
     *
     * @return the class
     */
    public Class<Q> requestType() {
        return requestType;
    }

    /**
     * The accepted reply type.
     *
     * @return the class
     */
    public Class<R> responseType() {
        return responseType;
    }

    @Override
    public String toString() {
        return name;
    }
}
