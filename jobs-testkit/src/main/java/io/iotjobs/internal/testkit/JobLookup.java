package io.iotjobs.internal.testkit;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/** Finding the job or execution a control call names, with the control plane's NOT_FOUND and CLOSED errors. */
final class JobLookup {

    private JobLookup() {}

    static JobRecord requireJob(ServiceState state, String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobRecord job = state.jobs.get(jobId);
        if (job == null) {
            throw ControlError.NOT_FOUND.exception("jobId: no job named " + jobId);
        }
        return job;
    }

    static void requireNotDeleted(JobRecord job) {
        if (job.deleted) {
            throw ControlError.NOT_FOUND.exception("jobId: no job named " + job.jobId);
        }
    }

    static ExecutionRecord requireExecution(ThingRecord thing, String jobId, OptionalLong number) {
        return thing.find(jobId, number)
                .orElseThrow(() -> ControlError.NOT_FOUND.exception("jobId: thing "
                        + thing.thingName + " has no execution of job " + jobId
                        + (number.isPresent() ? " with executionNumber " + number.getAsLong() : "")));
    }

    static void requireOpen(BooleanSupplier closed) {
        if (closed.getAsBoolean()) {
            throw ControlError.CLOSED.exception("the local Jobs service is closed");
        }
    }
}
