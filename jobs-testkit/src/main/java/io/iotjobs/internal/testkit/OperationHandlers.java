package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What each of the four operations does to a thing's executions, as a table keyed by {@link Operation}. Each
 * handler runs under the thing's lock (see {@link ServiceState#change}) with a decoded, validated request.
 */
final class OperationHandlers {

    /** The request-independent part of a reply: when, and the token to echo. */
    static final class Context {
        final Instant now;
        final Optional<String> clientToken;

        Context(Instant now, Optional<String> clientToken) {
            this.now = now;
            this.clientToken = clientToken;
        }
    }

    /** One operation's logic. */
    private interface Handler<Q extends JobsRequest> {
        Reply handle(ThingRecord thing, Q request, Context context);
    }

    /** A handler bound to its operation, so that a request of unknown static type can be passed safely. */
    private static final class Bound<Q extends JobsRequest> {
        private final Operation<Q, ?> operation;
        private final Handler<Q> handler;

        Bound(Operation<Q, ?> operation, Handler<Q> handler) {
            this.operation = operation;
            this.handler = handler;
        }

        Reply handle(ThingRecord thing, JobsRequest request, Context context) {
            return handler.handle(thing, operation.requestType().cast(request), context);
        }
    }

    private final ServiceConfig config;
    private final ExecutionTimers timers;
    private final Outcomes outcomes;
    private final DeviceDocuments documents;
    private final Map<Operation<?, ?>, Bound<?>> table;

    OperationHandlers(ServiceConfig config, ExecutionTimers timers, Outcomes outcomes, DeviceDocuments documents) {
        this.documents = documents;
        this.config = config;
        this.timers = timers;
        this.outcomes = outcomes;
        this.table = Map.of(
                Operation.GET_PENDING, new Bound<>(Operation.GET_PENDING, this::getPending),
                Operation.START_NEXT, new Bound<>(Operation.START_NEXT, this::startNext),
                Operation.DESCRIBE, new Bound<>(Operation.DESCRIBE, this::describe),
                Operation.UPDATE, new Bound<>(Operation.UPDATE, this::update));
    }

    /**
     * Runs an operation.
     *
     * @param operation the operation
     * @param thing the thing, locked
     * @param request the request, of the operation's request type
     * @param context time and token
     * @return the reply
     */
    Reply handle(Operation<?, ?> operation, ThingRecord thing, JobsRequest request, Context context) {
        return table.get(operation).handle(thing, request, context);
    }

    // ---------------------------------------------------------------------------------------- operations

    private Reply getPending(ThingRecord thing, GetPendingJobExecutionsRequest request, Context c) {
        // There is no thing registry: a thing no job ever targeted gets empty lists (UNCONFIRMED whether the
        // service answers ResourceNotFound for an unregistered thing; the lenient reading is kept).
        List<ExecutionRecord> pending = thing.pending();
        return Reply.accepted(GetPendingJobExecutionsResponse.builder()
                .inProgressJobs(Views.summaries(pending, config.pendingListSize(), JobStatus.IN_PROGRESS))
                .queuedJobs(Views.summaries(pending, config.pendingListSize(), JobStatus.QUEUED))
                .timestamp(c.now)
                .clientToken(c.clientToken)
                .build());
    }

    private Reply startNext(ThingRecord thing, StartNextPendingJobExecutionRequest request, Context c) {
        Optional<ExecutionRecord> next = thing.next();
        next.filter(e -> e.status == JobStatus.QUEUED).ifPresent(e -> {
            e.markStarted(c.now);
            request.statusDetails().ifPresent(details -> e.statusDetails = copy(details));
            request.stepTimeoutInMinutes()
                    .ifPresent(minutes -> e.stepDeadline = c.now.plus(Duration.ofMinutes(minutes)));
            e.bump(c.now);
            timers.sync(e);
        });
        // An execution already IN_PROGRESS comes back unchanged: its statusDetails, version and timers are left
        // alone (reference §2.2 point 3; whether the step timeout is applied there is UNCONFIRMED: it is not).
        return Reply.accepted(StartNextJobExecutionResponse.builder()
                .execution(next.map(e -> Views.data(e, documents.of(e.job, c.now), null)))
                .timestamp(c.now)
                .clientToken(c.clientToken)
                .build());
    }

    private Reply describe(ThingRecord thing, DescribeJobExecutionRequest request, Context c) {
        boolean nextAlias = Validation.NEXT_ALIAS.equals(request.jobId());
        // For $next, executionNumber is ignored (UNCONFIRMED: the reference does not say what the service does).
        Optional<ExecutionRecord> found =
                nextAlias ? thing.next() : thing.find(request.jobId(), request.executionNumber());
        if (found.isEmpty() && !nextAlias) {
            return notFound(thing, request.jobId(), request.executionNumber());
        }
        if (found.isPresent() && found.get().status.isTerminal() && config.describeTerminalAsError()) {
            // UNCONFIRMED when the service prefers TerminalStateReached over an accepted terminal status; off by
            // default, the reply is accepted and shows the terminal status.
            return Reply.rejected(
                    RejectedErrorCode.TERMINAL_STATE_REACHED,
                    "job execution " + describe(found.get()) + " is in the terminal state " + found.get().status);
        }
        boolean withDocument = request.includeJobDocument().orElse(true);
        return Reply.accepted(DescribeJobExecutionResponse.builder()
                .execution(found.map(e -> Views.data(e, withDocument ? documents.of(e.job, c.now) : null, c.now)))
                .timestamp(c.now)
                .clientToken(c.clientToken)
                .build());
    }

    private Reply update(ThingRecord thing, UpdateJobExecutionRequest request, Context c) {
        Optional<ExecutionRecord> found = thing.find(request.jobId(), request.executionNumber());
        if (found.isEmpty()) {
            return notFound(thing, request.jobId(), request.executionNumber());
        }
        ExecutionRecord e = found.get();
        // The state is checked before the version (UNCONFIRMED which comes first): a terminal execution can never
        // change, so a matching version would not help the device.
        if (e.status.isTerminal()) {
            return Reply.rejected(
                    RejectedErrorCode.INVALID_STATE_TRANSITION,
                    "job execution " + describe(e) + " is " + e.status + ", a terminal status: it cannot change to "
                            + request.status(),
                    Views.state(e));
        }
        if (request.expectedVersion().isPresent() && request.expectedVersion().getAsLong() != e.versionNumber) {
            return Reply.rejected(
                    RejectedErrorCode.VERSION_MISMATCH,
                    "expectedVersion: "
                            + request.expectedVersion().getAsLong() + " does not match the current version "
                            + e.versionNumber,
                    Views.state(e));
        }
        JobStatus target = request.status();
        if (e.status == JobStatus.QUEUED && target == JobStatus.IN_PROGRESS) {
            e.markStarted(c.now);
        }
        // A supplied map replaces the stored one (UNCONFIRMED replace versus merge; replace is the reading the
        // reference suggests); an absent one keeps it.
        request.statusDetails().ifPresent(details -> e.statusDetails = copy(details));
        if (target.isTerminal()) {
            e.markTerminal(target);
        } else if (request.stepTimeoutInMinutes().isPresent()) {
            long minutes = request.stepTimeoutInMinutes().getAsLong();
            // -1 cancels the step timer; it is accepted even when none runs (UNCONFIRMED: one SDK claims the
            // service rejects that; the lenient reading is kept).
            e.stepDeadline = minutes == -1 ? null : c.now.plus(Duration.ofMinutes(minutes));
        }
        e.bump(c.now);
        timers.sync(e);
        if (target.isTerminal()) {
            outcomes.ended(thing, e, c.now);
        }
        UpdateJobExecutionResponse.Builder reply =
                UpdateJobExecutionResponse.builder().timestamp(c.now).clientToken(c.clientToken);
        if (request.includeJobExecutionState().orElse(false)) {
            reply.executionState(Views.state(e));
        }
        if (request.includeJobDocument().orElse(false)) {
            reply.jobDocument(documents.of(e.job, c.now));
        }
        return Reply.accepted(reply.build());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static Reply notFound(ThingRecord thing, String jobId, OptionalLong executionNumber) {
        return Reply.rejected(
                RejectedErrorCode.RESOURCE_NOT_FOUND,
                "job execution of job " + jobId
                        + (executionNumber.isPresent() ? " with executionNumber " + executionNumber.getAsLong() : "")
                        + " on thing " + thing.thingName + " not found");
    }

    private static String describe(ExecutionRecord e) {
        return "of job " + e.jobId() + " (executionNumber " + e.executionNumber + ") on thing " + e.thing.thingName;
    }

    private static Map<String, String> copy(Map<String, String> details) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
