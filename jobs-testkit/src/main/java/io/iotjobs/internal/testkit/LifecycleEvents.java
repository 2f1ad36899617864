package io.iotjobs.internal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.model.JobStatus;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The job and job-execution lifecycle events of AWS IoT's event configuration, published when enabled
 * (UpdateEventConfigurations {@code JOB} and {@code JOB_EXECUTION}) on the topics and with the payloads of the
 * developer guide's "Jobs events" page (https://docs.aws.amazon.com/iot/latest/developerguide/events-jobs.html):
 * {@code $aws/events/job/<jobId>/completed|canceled|deleted|cancellation_in_progress|deletion_in_progress} and
 * {@code $aws/events/jobExecution/<jobId>/succeeded|failed|rejected|timed_out|canceled|removed|deleted}.
 *
 * <p>UNCONFIRMED: the guide's examples show {@code timestamp} in seconds and {@code createdAt},
 * {@code lastUpdatedAt} and {@code completedAt} in milliseconds; they are written so. Events leave after the
 * change that caused them (after the thing's reply, {@code notify} and {@code notify-next}).
 */
public final class LifecycleEvents {

    /** The event types AWS IoT's event configuration knows; only JOB and JOB_EXECUTION are published here. */
    public enum Type {
        /** Things. */
        THING,
        /** Thing groups. */
        THING_GROUP,
        /** Thing types. */
        THING_TYPE,
        /** Group membership. */
        THING_GROUP_MEMBERSHIP,
        /** Group hierarchy. */
        THING_GROUP_HIERARCHY,
        /** Thing type associations. */
        THING_TYPE_ASSOCIATION,
        /** Jobs (published). */
        JOB,
        /** Job executions (published). */
        JOB_EXECUTION,
        /** Policies. */
        POLICY,
        /** Certificates. */
        CERTIFICATE,
        /** CA certificates. */
        CA_CERTIFICATE
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceState state;
    private final ServiceOutput output;
    private final ServiceArns arns;
    private final Set<Type> enabled = EnumSet.noneOf(Type.class);
    private volatile Function<JobRecord, JobView> views = job -> null;

    LifecycleEvents(ServiceState state, ServiceOutput output, ServiceArns arns) {
        this.state = state;
        this.output = output;
        this.arns = arns;
    }

    void views(Function<JobRecord, JobView> value) {
        this.views = value;
    }

    /**
     * Enables or disables event types.
     *
     * @param type the type
     * @param on whether it is published
     */
    public synchronized void enable(Type type, boolean on) {
        if (on) {
            enabled.add(type);
        } else {
            enabled.remove(type);
        }
    }

    /**
     * Whether an event type is enabled.
     *
     * @param type the type
     * @return true if it is
     */
    public synchronized boolean enabled(Type type) {
        return enabled.contains(type);
    }

    /**
     * An execution reached a terminal status (or was deleted): its event, and the job's {@code completed} event
     * if that made the job complete. Call under the thing's lock; both leave after the change.
     *
     * @param e the execution
     * @param operation {@code succeeded}, ..., or {@code deleted}
     */
    void execution(ExecutionRecord e, String operation) {
        if (enabled(Type.JOB_EXECUTION)) {
            ObjectNode body = header("JOB_EXECUTION", operation)
                    .put("jobId", e.jobId())
                    .put("thingArn", arns.thing(e.thing.thingName))
                    .put("status", e.status.name());
            ObjectNode details = body.putObject("statusDetails");
            e.statusDetails().ifPresent(map -> map.forEach(details::put));
            String topic = "$aws/events/jobExecution/" + e.jobId() + "/" + operation;
            later(() -> output.raw(topic, bytes(body)));
        }
        JobRecord job = e.job;
        later(() -> completedCheck(job));
    }

    /**
     * A job is being canceled ({@code cancellation_in_progress}) or deleted ({@code deletion_in_progress}), or
     * was ({@code canceled}, {@code deleted}). Call with the job's monitor held.
     *
     * @param job the job
     * @param operation the operation
     */
    void job(JobRecord job, String operation) {
        if (!enabled(Type.JOB)) {
            return;
        }
        JobView view = views.apply(job);
        String status = switch (operation) {
            case "canceled" -> "CANCELED";
            case "deleted" -> "DELETED";
            case "completed" -> "COMPLETED";
            default -> operation.toUpperCase(Locale.ROOT);
        };
        ObjectNode body = header("JOB", operation).put("jobId", job.jobId).put("status", status);
        if (operation.equals("canceled") && job.forceCanceled) {
            body.put("forceCanceled", true);
        }
        body.put("targetSelection", job.spec.targetSelection().name());
        ArrayNode targets = body.putArray("targets");
        job.spec.targetThingNames().forEach(t -> targets.add(arns.thing(t)));
        job.spec.targetGroupNames().forEach(g -> targets.add(arns.group(g)));
        job.spec.description().ifPresent(d -> body.put("description", d));
        if (operation.equals("completed")) {
            body.put("completedAt", view.lastUpdatedAt().toEpochMilli());
        }
        body.put("createdAt", job.createdAt.toEpochMilli())
                .put("lastUpdatedAt", view.lastUpdatedAt().toEpochMilli());
        if (job.comment != null) {
            body.put("comment", job.comment);
        }
        if (operation.equals("completed") || operation.equals("canceled")) {
            ObjectNode details = body.putObject("jobProcessDetails");
            for (JobStatus s : new JobStatus[] {
                JobStatus.CANCELED,
                JobStatus.REJECTED,
                JobStatus.FAILED,
                JobStatus.REMOVED,
                JobStatus.SUCCEEDED,
                JobStatus.TIMED_OUT
            }) {
                long count = job.executions.stream()
                        .filter(e -> Changes.read(e.thing, () -> e.status == s))
                        .count();
                details.put("numberOf" + Texts.camel(s.name()) + "Things", count);
            }
        }
        String topic = "$aws/events/job/" + job.jobId + "/" + operation;
        later(() -> output.raw(topic, bytes(body)));
    }

    /** Runs work after the current change, or now outside of one. */
    private void later(Runnable work) {
        if (state.inChange()) {
            state.afterChange(work);
        } else {
            work.run();
        }
    }

    private void completedCheck(JobRecord job) {
        synchronized (job) {
            if (job.completedAnnounced || job.deleted || job.canceled) {
                return;
            }
            JobView view = views.apply(job);
            if (view != null && view.completed()) {
                job.completedAnnounced = true;
                job(job, "completed");
            }
        }
    }

    private ObjectNode header(String eventType, String operation) {
        return JSON.createObjectNode()
                .put("eventType", eventType)
                .put("eventId", UUID.randomUUID().toString())
                .put("timestamp", state.now().getEpochSecond())
                .put("operation", operation);
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
