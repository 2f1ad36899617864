package io.iotjobs.internal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.JobInfo;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobsControl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the HTTP control API: the job and job-execution operations of the AWS IoT control plane
 * (REST paths and JSON of the AWS IoT API reference) over a local service's {@link JobsControl}, so that AWS
 * tooling pointed at it with an endpoint override can create, cancel, delete, describe and list jobs.
 *
 * <p>Errors are answered as AWS does: a JSON body {@code {"message": "..."}} whose message starts with the
 * field at fault, the exception name in the {@code x-amzn-ErrorType} header, and the matching status (400, 404,
 * 409, 503).
 *
 * <p>Runs on the HTTP server's threads; thread-safe. Writes one INFO line per request to the logger
 * {@code io.iotjobs.testkit.HttpControlApi}.
 */
public final class ControlApiHandler implements HttpHandler {

    /** The logger of the HTTP requests. */
    public static final String LOGGER_NAME = "io.iotjobs.testkit.HttpControlApi";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Largest request body read; a job document is at most 32 KiB, so this leaves room for anything valid. */
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_DESCRIPTION = 2028;
    private static final int MAX_REASON_CODE = 128;
    private static final int MAX_PAGE = 250;
    private static final Pattern THING_ARN = Pattern.compile("arn:aws[a-z-]*:iot:[^:]*:[^:]*:thing/(.*)");
    private static final Pattern GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:iot:[^:]*:[^:]*:thinggroup/.*");
    private static final Pattern REASON_CODE = Pattern.compile("[\\p{Upper}\\p{Digit}_]+");
    private static final Set<String> JOB_STATUSES =
            Set.of("IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS", "SCHEDULED");
    private static final Set<String> EXECUTION_STATUSES = Set.of("QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED",
            "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED");
    /** CreateJob fields for features the local service does not have: refused rather than ignored. */
    private static final List<String> UNSUPPORTED_CREATE_FIELDS = List.of("documentSource", "jobTemplateArn",
            "namespaceId", "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig",
            "jobExecutionsRetryConfig", "schedulingConfig", "documentParameters", "destinationPackageVersions");

    private final JobsControl control;
    private final String arnPrefix;
    /** What the control API does not keep but the HTTP API reports: description, cancel reason, ... */
    private final ConcurrentMap<String, JobExtras> extras = new ConcurrentHashMap<>();

    /** The parts of a job only the HTTP API knows, valid while the job created at {@code createdAt} lives. */
    private static final class JobExtras {
        final Instant createdAt;
        final String description;
        volatile String reasonCode;
        volatile String comment;
        volatile boolean forceCanceled;

        JobExtras(Instant createdAt, String description) {
            this.createdAt = createdAt;
            this.description = description;
        }
    }

    /** One request: method, decoded path segments, query parameters and the exchange (for the body). */
    private static final class Request {
        final String method;
        final List<String> path;
        final Map<String, String> query;
        final HttpExchange exchange;

        Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.exchange = exchange;
        }

        boolean is(String expectedMethod, int segments) {
            return method.equals(expectedMethod) && path.size() == segments;
        }

        String segment(int index) {
            return path.get(index);
        }
    }

    /** What a route answers: the operation name for the log and the JSON body (or none). */
    private static final class Answer {
        final String operation;
        final JsonNode body;

        Answer(String operation, JsonNode body) {
            this.operation = operation;
            this.body = body;
        }
    }

    /**
     * A handler over a control API.
     *
     * @param control the local service's control API
     * @param region the region in the ARNs it answers with
     * @param accountId the account in the ARNs it answers with
     */
    public ControlApiHandler(JobsControl control, String region, String accountId) {
        this.control = control;
        this.arnPrefix = "arn:aws:iot:" + region + ":" + accountId + ":";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        int status;
        String outcome;
        try {
            try {
                Request request = new Request(method, segments(rawPath), query(exchange.getRequestURI().getRawQuery()),
                        exchange);
                Answer answer = route(request);
                status = 200;
                outcome = answer.operation;
                send(exchange, status, answer.body, null);
            } catch (ApiError e) {
                status = e.type().status();
                outcome = e.type().exceptionName() + ": " + e.getMessage();
                ObjectNode body = NODES.objectNode().put("message", e.getMessage());
                e.extraFields().forEach(body::put);
                send(exchange, status, body, e.type().exceptionName());
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed", method, rawPath, e);
                status = ApiError.Type.INTERNAL_FAILURE.status();
                outcome = e.toString();
                send(exchange, status, NODES.objectNode().put("message", "internal failure: " + e),
                        ApiError.Type.INTERNAL_FAILURE.exceptionName());
            }
            LOG.info("HTTP {} {} -> {} {}", method, rawPath, status, outcome);
        } finally {
            exchange.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ routing

    private Answer route(Request r) {
        List<String> p = r.path;
        if (!p.isEmpty() && p.get(0).equals("jobs")) {
            if (r.is("GET", 1)) {
                return listJobs(r);
            }
            if (p.size() == 2) {
                switch (r.method) {
                    case "PUT":
                        return createJob(r.segment(1), r);
                    case "GET":
                        return describeJob(r.segment(1));
                    case "DELETE":
                        return deleteJob(r.segment(1), r);
                    default:
                        break;
                }
            }
            if (r.is("PUT", 3) && r.segment(2).equals("cancel")) {
                return cancelJob(r.segment(1), r);
            }
            if (r.is("GET", 3) && r.segment(2).equals("things")) {
                return listJobExecutionsForJob(r.segment(1), r);
            }
            if (r.is("GET", 3) && r.segment(2).equals("job-document")) {
                return getJobDocument(r.segment(1));
            }
        } else if (p.size() >= 3 && p.get(0).equals("things") && p.get(2).equals("jobs")) {
            if (r.is("GET", 3)) {
                return listJobExecutionsForThing(r.segment(1), r);
            }
            if (r.is("GET", 4)) {
                return describeJobExecution(r.segment(1), r.segment(3), r);
            }
            if (r.is("PUT", 5) && r.segment(4).equals("cancel")) {
                return cancelJobExecution(r.segment(1), r.segment(3), r);
            }
            if (r.is("DELETE", 6) && r.segment(4).equals("executionNumber")) {
                return deleteJobExecution(r.segment(1), r.segment(3), r.segment(5), r);
            }
        }
        throw new ApiError(ApiError.Type.UNKNOWN_OPERATION, "path: no operation for " + r.method + " /"
                + String.join("/", p) + " (see the HTTP control API in the testkit documentation)");
    }

    // --------------------------------------------------------------------------------------------------- jobs

    private Answer createJob(String jobId, Request r) {
        jobId(jobId);
        ObjectNode body = bodyObject(r);
        for (String field : UNSUPPORTED_CREATE_FIELDS) {
            if (body.hasNonNull(field)) {
                throw ApiError.invalid(field + ": not supported by the local Jobs service");
            }
        }
        List<String> targets = targets(body.get("targets"));
        JobDocument document = document(body.get("document"));
        String description = optionalText(body, "description", MAX_DESCRIPTION);
        Optional<Duration> timeout = inProgressTimeout(body.get("timeoutConfig"));
        JsonNode selection = body.get("targetSelection");
        if (selection != null && !selection.isNull()) {
            if (!selection.isTextual()) {
                throw ApiError.invalid("targetSelection: must be a string, SNAPSHOT or CONTINUOUS");
            }
            if (selection.asText().equals("CONTINUOUS")) {
                throw ApiError.invalid("targetSelection: CONTINUOUS jobs are not supported by the local Jobs"
                        + " service (it has no thing groups); use SNAPSHOT");
            }
            if (!selection.asText().equals("SNAPSHOT")) {
                throw ApiError.invalid("targetSelection: must be SNAPSHOT or CONTINUOUS, got " + selection);
            }
        }
        if (control.describeJob(jobId).isPresent()) {
            throw alreadyExists(jobId);
        }
        JobSpec.Builder spec = JobSpec.builder(jobId).document(document).targets(targets);
        timeout.ifPresent(spec::inProgressTimeout);
        JobInfo created;
        try {
            created = control.createJob(spec.build());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("jobId:")
                    && control.describeJob(jobId).isPresent()) {
                throw alreadyExists(jobId);
            }
            throw ApiError.invalid(e.getMessage());
        } catch (IllegalStateException e) {
            throw stateError(e);
        }
        extras.put(jobId, new JobExtras(created.createdAt(), description));
        ObjectNode answer = NODES.objectNode().put("jobArn", jobArn(jobId)).put("jobId", jobId);
        if (description != null) {
            answer.put("description", description);
        }
        return new Answer("CreateJob", answer);
    }

    private Answer cancelJob(String jobId, Request r) {
        jobId(jobId);
        boolean force = force(r);
        ObjectNode body = bodyObject(r);
        String reasonCode = optionalText(body, "reasonCode", MAX_REASON_CODE);
        if (reasonCode != null && !REASON_CODE.matcher(reasonCode).matches()) {
            throw ApiError.invalid("reasonCode: must be upper-case letters, digits and _, got " + reasonCode);
        }
        String comment = optionalText(body, "comment", MAX_DESCRIPTION);
        JobInfo job = requireJob(jobId);
        try {
            control.cancelJob(jobId, force);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw stateError(e);
        }
        JobExtras known = extrasOf(job);
        if (known == null) {
            known = new JobExtras(job.createdAt(), null);
            extras.put(jobId, known);
        }
        known.forceCanceled |= force;
        if (reasonCode != null) {
            known.reasonCode = reasonCode;
        }
        if (comment != null) {
            known.comment = comment;
        }
        ObjectNode answer = NODES.objectNode().put("jobArn", jobArn(jobId)).put("jobId", jobId);
        if (known.description != null) {
            answer.put("description", known.description);
        }
        return new Answer("CancelJob", answer);
    }

    private Answer deleteJob(String jobId, Request r) {
        jobId(jobId);
        boolean force = force(r);
        requireJob(jobId);
        try {
            control.deleteJob(jobId, force);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw stateError(e);
        }
        extras.remove(jobId);
        return new Answer("DeleteJob", null);
    }

    private Answer describeJob(String jobId) {
        jobId(jobId);
        JobInfo job = requireJob(jobId);
        List<JobExecutionData> executions = executionsOf(jobId);
        JobExtras known = extrasOf(job);
        ObjectNode out = NODES.objectNode();
        out.put("jobArn", jobArn(jobId)).put("jobId", jobId).put("targetSelection", "SNAPSHOT")
                .put("status", job.status().name());
        if (known != null && known.forceCanceled) {
            out.put("forceCanceled", true);
        }
        if (known != null && known.reasonCode != null) {
            out.put("reasonCode", known.reasonCode);
        }
        if (known != null && known.comment != null) {
            out.put("comment", known.comment);
        }
        ArrayNode targets = out.putArray("targets");
        job.targetThingNames().forEach(t -> targets.add(thingArn(t)));
        if (known != null && known.description != null) {
            out.put("description", known.description);
        }
        out.put("createdAt", job.createdAt().getEpochSecond());
        Instant lastUpdated = lastUpdated(job, executions);
        out.put("lastUpdatedAt", lastUpdated.getEpochSecond());
        if (job.status() == JobInfo.Status.COMPLETED) {
            out.put("completedAt", lastUpdated.getEpochSecond());
        }
        ObjectNode details = out.putObject("jobProcessDetails");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of("CANCELED", "SUCCEEDED", "FAILED", "REJECTED", "QUEUED", "IN_PROGRESS",
                "REMOVED", "TIMED_OUT")) {
            counts.put(status, 0);
        }
        for (JobExecutionData e : executions) {
            e.rawStatus().ifPresent(s -> counts.computeIfPresent(s, (k, v) -> v + 1));
        }
        counts.forEach((status, count) -> details.put("numberOf" + camel(status) + "Things", count));
        job.inProgressTimeout().ifPresent(t -> out.putObject("timeoutConfig")
                .put("inProgressTimeoutInMinutes", Math.max(1, t.toMinutes())));
        out.put("isConcurrent", false);
        ObjectNode answer = NODES.objectNode();
        answer.set("job", out);
        return new Answer("DescribeJob", answer);
    }

    private Answer getJobDocument(String jobId) {
        jobId(jobId);
        JobInfo job = requireJob(jobId);
        return new Answer("GetJobDocument", NODES.objectNode().put("document", job.document().toJson()));
    }

    private Answer listJobs(Request r) {
        String status = statusFilter(r, JOB_STATUSES);
        List<JobInfo> jobs = new ArrayList<>();
        for (String id : control.listJobs()) {
            control.describeJob(id).ifPresent(jobs::add);
        }
        jobs.sort(Comparator.comparing(JobInfo::createdAt).thenComparing(JobInfo::jobId));
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobInfo job : jobs) {
            if (status != null && !job.status().name().equals(status)) {
                continue;
            }
            List<JobExecutionData> executions;
            try {
                executions = executionsOf(job.jobId());
            } catch (ApiError deletedMeanwhile) {
                continue;
            }
            ObjectNode s = NODES.objectNode().put("jobArn", jobArn(job.jobId())).put("jobId", job.jobId())
                    .put("targetSelection", "SNAPSHOT").put("status", job.status().name())
                    .put("createdAt", job.createdAt().getEpochSecond());
            Instant lastUpdated = lastUpdated(job, executions);
            s.put("lastUpdatedAt", lastUpdated.getEpochSecond());
            if (job.status() == JobInfo.Status.COMPLETED) {
                s.put("completedAt", lastUpdated.getEpochSecond());
            }
            s.put("isConcurrent", false);
            summaries.add(s);
        }
        return new Answer("ListJobs", page(summaries, "jobs", r));
    }

    // ------------------------------------------------------------------------------------------ executions

    private Answer listJobExecutionsForJob(String jobId, Request r) {
        jobId(jobId);
        String status = statusFilter(r, EXECUTION_STATUSES);
        requireJob(jobId);
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobExecutionData e : executionsOf(jobId)) {
            if (status == null || status.equals(e.rawStatus().orElse(null))) {
                ObjectNode s = NODES.objectNode().put("thingArn", thingArn(e.thingName().orElse("")));
                s.set("jobExecutionSummary", summary(e));
                summaries.add(s);
            }
        }
        return new Answer("ListJobExecutionsForJob", page(summaries, "executionSummaries", r));
    }

    private Answer listJobExecutionsForThing(String thingName, Request r) {
        thingName(thingName);
        String status = statusFilter(r, EXECUTION_STATUSES);
        String jobId = r.query.get("jobId");
        if (jobId != null) {
            checked(() -> Validation.jobId("jobId", jobId, false));
        }
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobExecutionData e : control.listJobExecutionsForThing(thingName)) {
            if ((status == null || status.equals(e.rawStatus().orElse(null)))
                    && (jobId == null || jobId.equals(e.jobId()))) {
                ObjectNode s = NODES.objectNode().put("jobId", e.jobId());
                s.set("jobExecutionSummary", summary(e));
                summaries.add(s);
            }
        }
        return new Answer("ListJobExecutionsForThing", page(summaries, "executionSummaries", r));
    }

    private Answer describeJobExecution(String thingName, String jobId, Request r) {
        thingName(thingName);
        jobId(jobId);
        String number = r.query.get("executionNumber");
        Optional<JobExecutionData> found = number == null ? control.describeJobExecution(thingName, jobId)
                : control.describeJobExecution(thingName, jobId, executionNumber(number));
        JobExecutionData e = found.orElseThrow(() -> ApiError.notFound("jobId: thing " + thingName
                + " has no execution of job " + jobId + (number == null ? "" : " with executionNumber " + number)));
        ObjectNode out = NODES.objectNode();
        out.put("jobId", e.jobId());
        e.rawStatus().ifPresent(s -> out.put("status", s));
        ObjectNode details = out.putObject("statusDetails").putObject("detailsMap");
        e.statusDetails().ifPresent(map -> map.forEach(details::put));
        out.put("thingArn", thingArn(thingName));
        e.queuedAt().ifPresent(t -> out.put("queuedAt", t.getEpochSecond()));
        e.startedAt().ifPresent(t -> out.put("startedAt", t.getEpochSecond()));
        e.lastUpdatedAt().ifPresent(t -> out.put("lastUpdatedAt", t.getEpochSecond()));
        e.executionNumber().ifPresent(n -> out.put("executionNumber", n));
        e.versionNumber().ifPresent(n -> out.put("versionNumber", n));
        e.approximateSecondsBeforeTimedOut().ifPresent(n -> out.put("approximateSecondsBeforeTimedOut", n));
        ObjectNode answer = NODES.objectNode();
        answer.set("execution", out);
        return new Answer("DescribeJobExecution", answer);
    }

    private Answer cancelJobExecution(String thingName, String jobId, Request r) {
        thingName(thingName);
        jobId(jobId);
        boolean force = force(r);
        ObjectNode body = bodyObject(r);
        if (body.hasNonNull("statusDetails")) {
            throw ApiError.invalid("statusDetails: not supported by the local Jobs service when canceling");
        }
        JsonNode expected = body.get("expectedVersion");
        JobExecutionData current = control.describeJobExecution(thingName, jobId).orElseThrow(() ->
                ApiError.notFound("jobId: thing " + thingName + " has no execution of job " + jobId));
        if (expected != null && !expected.isNull()) {
            if (!expected.canConvertToExactIntegral() || !expected.canConvertToLong()) {
                throw ApiError.invalid("expectedVersion: must be an integer, got " + expected);
            }
            long version = current.versionNumber().orElse(0);
            if (expected.asLong() != version) {
                throw new ApiError(ApiError.Type.VERSION_CONFLICT, "expectedVersion: " + expected.asLong()
                        + " does not match the execution's version " + version);
            }
        }
        try {
            control.cancelJobExecution(thingName, jobId, force);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw stateError(e);
        }
        return new Answer("CancelJobExecution", null);
    }

    private Answer deleteJobExecution(String thingName, String jobId, String number, Request r) {
        thingName(thingName);
        jobId(jobId);
        long executionNumber = executionNumber(number);
        boolean force = force(r);
        try {
            control.deleteJobExecution(thingName, jobId, executionNumber, force);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw stateError(e);
        }
        return new Answer("DeleteJobExecution", null);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private ObjectNode summary(JobExecutionData e) {
        ObjectNode s = NODES.objectNode();
        e.rawStatus().ifPresent(v -> s.put("status", v));
        e.queuedAt().ifPresent(t -> s.put("queuedAt", t.getEpochSecond()));
        e.startedAt().ifPresent(t -> s.put("startedAt", t.getEpochSecond()));
        e.lastUpdatedAt().ifPresent(t -> s.put("lastUpdatedAt", t.getEpochSecond()));
        e.executionNumber().ifPresent(n -> s.put("executionNumber", n));
        return s;
    }

    private JobInfo requireJob(String jobId) {
        return control.describeJob(jobId).orElseThrow(() -> ApiError.notFound("jobId: no job named " + jobId));
    }

    private List<JobExecutionData> executionsOf(String jobId) {
        try {
            return control.listJobExecutionsForJob(jobId);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        }
    }

    private JobExtras extrasOf(JobInfo job) {
        JobExtras known = extras.get(job.jobId());
        return known != null && known.createdAt.equals(job.createdAt()) ? known : null;
    }

    private static Instant lastUpdated(JobInfo job, List<JobExecutionData> executions) {
        Instant last = job.createdAt();
        for (JobExecutionData e : executions) {
            Instant t = e.lastUpdatedAt().orElse(last);
            if (t.isAfter(last)) {
                last = t;
            }
        }
        return last;
    }

    private ApiError alreadyExists(String jobId) {
        return new ApiError(ApiError.Type.RESOURCE_ALREADY_EXISTS, "jobId: a job named " + jobId + " already exists",
                Map.of("resourceId", jobId, "resourceArn", jobArn(jobId)));
    }

    private static ApiError stateError(IllegalStateException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("service is closed")) {
            return new ApiError(ApiError.Type.SERVICE_UNAVAILABLE, message);
        }
        return new ApiError(ApiError.Type.INVALID_STATE_TRANSITION, message);
    }

    private String jobArn(String jobId) {
        return arnPrefix + "job/" + jobId;
    }

    private String thingArn(String thingName) {
        return arnPrefix + "thing/" + thingName;
    }

    private static String camel(String status) {
        StringBuilder out = new StringBuilder();
        for (String part : status.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    private static void jobId(String jobId) {
        checked(() -> Validation.jobId("jobId", jobId, false));
    }

    private static void thingName(String thingName) {
        checked(() -> Validation.thingName("thingName", thingName));
    }

    private static <T> T checked(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private static List<String> targets(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("targets: required, a list of thing ARNs or thing names");
        }
        if (!node.isArray()) {
            throw ApiError.invalid("targets: must be a list of thing ARNs or thing names, got " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw ApiError.invalid("targets: at least one target is required");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "targets[" + i + "]";
            JsonNode target = node.get(i);
            if (!target.isTextual()) {
                throw ApiError.invalid(field + ": must be a thing ARN or a thing name, got " + target.getNodeType());
            }
            String text = target.asText();
            String name = text;
            if (text.startsWith("arn:")) {
                if (GROUP_ARN.matcher(text).matches()) {
                    throw ApiError.invalid(field + ": thing groups are not supported by the local Jobs service;"
                            + " target things, got " + text);
                }
                Matcher thing = THING_ARN.matcher(text);
                if (!thing.matches()) {
                    throw ApiError.invalid(field + ": not a thing ARN (arn:aws:iot:<region>:<account>:thing/<name>),"
                            + " got " + text);
                }
                name = thing.group(1);
            }
            String checkedName = name;
            checked(() -> Validation.thingName(field, checkedName));
            if (!seen.add(name)) {
                throw ApiError.invalid(field + ": duplicate target " + name);
            }
            names.add(name);
        }
        return names;
    }

    private static JobDocument document(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("document: required (documentSource is not supported by the local Jobs service)");
        }
        if (!node.isTextual()) {
            throw ApiError.invalid("document: must be a string holding the JSON document (the control plane takes"
                    + " the document as text), got " + node.getNodeType());
        }
        try {
            return JobDocument.parse(node.asText());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            int colon = message.indexOf(": ");
            throw ApiError.invalid("document: " + (colon >= 0 ? message.substring(colon + 2) : message));
        }
    }

    private static Optional<Duration> inProgressTimeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw ApiError.invalid("timeoutConfig: must be an object, got " + node.getNodeType());
        }
        JsonNode minutes = node.get("inProgressTimeoutInMinutes");
        if (minutes == null || minutes.isNull()) {
            return Optional.empty();
        }
        if (!minutes.canConvertToExactIntegral() || !minutes.canConvertToLong() || minutes.asLong() < 1
                || minutes.asLong() > Validation.MAX_STEP_TIMEOUT_MINUTES) {
            throw ApiError.invalid("timeoutConfig.inProgressTimeoutInMinutes: must be an integer in 1.."
                    + Validation.MAX_STEP_TIMEOUT_MINUTES + ", got " + minutes);
        }
        return Optional.of(Duration.ofMinutes(minutes.asLong()));
    }

    private static String optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.invalid(field + ": must be a string, got " + node.getNodeType());
        }
        String text = node.asText();
        if (text.isEmpty() || text.length() > maxLength) {
            throw ApiError.invalid(field + ": must be 1-" + maxLength + " characters, got " + text.length());
        }
        if (text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.UNASSIGNED
                || Character.getType(c) == Character.PRIVATE_USE || Character.getType(c) == Character.SURROGATE)) {
            throw ApiError.invalid(field + ": must not contain control characters");
        }
        return text;
    }

    private static boolean force(Request r) {
        String value = r.query.get("force");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.invalid("force: must be true or false, got " + value);
    }

    private static long executionNumber(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalid("executionNumber: must be a positive integer, got " + text);
    }

    private static String statusFilter(Request r, Set<String> allowed) {
        String status = r.query.get("status");
        if (status != null && !allowed.contains(status)) {
            throw ApiError.invalid("status: must be one of " + new java.util.TreeSet<>(allowed) + ", got " + status);
        }
        return status;
    }

    /** Pages a list with {@code maxResults} and {@code nextToken} (the token is the index of the next item). */
    private static ObjectNode page(List<ObjectNode> items, String field, Request r) {
        int from = 0;
        String token = r.query.get("nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > items.size()) {
                throw ApiError.invalid("nextToken: not a token this API returned, got " + token);
            }
        }
        int size = MAX_PAGE;
        String max = r.query.get("maxResults");
        if (max != null) {
            try {
                size = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw ApiError.invalid("maxResults: must be an integer in 1.." + MAX_PAGE + ", got " + max);
            }
        }
        int to = Math.min(items.size(), from + size);
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray(field);
        items.subList(from, to).forEach(list::add);
        if (to < items.size()) {
            answer.put("nextToken", Integer.toString(to));
        }
        return answer;
    }

    private static ObjectNode bodyObject(Request r) {
        byte[] bytes = readBody(r.exchange);
        if (bytes.length == 0) {
            return NODES.objectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("body: not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalid("body: cannot be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return NODES.objectNode();
        }
        if (!node.isObject()) {
            throw ApiError.invalid("body: must be a JSON object, got " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    private static byte[] readBody(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new ApiError(ApiError.Type.PAYLOAD_TOO_LARGE, "body: larger than " + MAX_BODY_BYTES
                            + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiError.invalid("body: cannot be read: " + e.getMessage());
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, String errorType) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The path's segments, percent-decoded; empty segments (a trailing slash, "//") are dropped. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : (rawPath == null ? "" : rawPath).split("/")) {
            if (!raw.isEmpty()) {
                segments.add(percentDecode(raw, "path"));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), "query").replace('+', ' ');
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1).replace('+', ' '), name);
            query.put(name, value);
        }
        return query;
    }

    private static String percentDecode(String raw, String field) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw ApiError.invalid(field + ": bad percent-encoding in " + raw);
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                int end = raw.indexOf('%', i);
                end = end < 0 ? raw.length() : end;
                byte[] bytes = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
