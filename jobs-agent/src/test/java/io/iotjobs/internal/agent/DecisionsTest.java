package io.iotjobs.internal.agent;

import static io.iotjobs.agent.CancellationReason.CANCELED;
import static io.iotjobs.agent.CancellationReason.COMPLETED_ELSEWHERE;
import static io.iotjobs.agent.CancellationReason.DELETED;
import static io.iotjobs.agent.CancellationReason.REMOVED;
import static io.iotjobs.agent.CancellationReason.TIMED_OUT;
import static io.iotjobs.internal.agent.Decision.Action.DROP_DETAILS;
import static io.iotjobs.internal.agent.Decision.Action.GIVE_UP;
import static io.iotjobs.internal.agent.Decision.Action.MINIMAL_DETAILS;
import static io.iotjobs.internal.agent.Decision.Action.NOTHING;
import static io.iotjobs.internal.agent.Decision.Action.RECONCILE;
import static io.iotjobs.internal.agent.Decision.Action.RECONCILE_TERMINAL_UNKNOWN;
import static io.iotjobs.internal.agent.Decision.Action.REPORTED;
import static io.iotjobs.internal.agent.Decision.Action.RESEND;
import static io.iotjobs.internal.agent.Decision.Action.RETRY;
import static io.iotjobs.internal.agent.Decision.Action.RETRY_DESCRIBE;
import static io.iotjobs.internal.agent.Decision.Action.STANDS;
import static io.iotjobs.internal.agent.Decision.Action.VERIFY;
import static io.iotjobs.internal.agent.Replies.clientClosed;
import static io.iotjobs.internal.agent.Replies.described;
import static io.iotjobs.internal.agent.Replies.describedNothing;
import static io.iotjobs.internal.agent.Replies.noReply;
import static io.iotjobs.internal.agent.Replies.notSent;
import static io.iotjobs.internal.agent.Replies.rejected;
import static io.iotjobs.model.JobStatus.FAILED;
import static io.iotjobs.model.JobStatus.IN_PROGRESS;
import static io.iotjobs.model.JobStatus.SUCCEEDED;
import static io.iotjobs.model.RejectedErrorCode.INTERNAL_ERROR;
import static io.iotjobs.model.RejectedErrorCode.INVALID_REQUEST;
import static io.iotjobs.model.RejectedErrorCode.INVALID_STATE_TRANSITION;
import static io.iotjobs.model.RejectedErrorCode.INVALID_TOPIC;
import static io.iotjobs.model.RejectedErrorCode.REQUEST_THROTTLED;
import static io.iotjobs.model.RejectedErrorCode.RESOURCE_NOT_FOUND;
import static io.iotjobs.model.RejectedErrorCode.TERMINAL_STATE_REACHED;
import static io.iotjobs.model.RejectedErrorCode.UNKNOWN;
import static io.iotjobs.model.RejectedErrorCode.VERSION_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's decision rules, one table per rule: what each reply or failure makes the agent do. */
class DecisionsTest {

    private static final Decision NOTHING_TO_DO = Decision.of(NOTHING);

    private static Decision act(Decision.Action action) {
        return Decision.of(action);
    }

    private static Decision ended(CancellationReason reason, JobStatus status) {
        return Decision.ended(reason, status);
    }

    private static Arguments row(String what, Throwable failure, Decision expected) {
        return Arguments.of(what, failure, expected);
    }

    static Stream<Arguments> inProgressFailures() {
        return Stream.of(
                row("client closed", clientClosed(), NOTHING_TO_DO),
                row(
                        "canceled meanwhile",
                        rejected(INVALID_STATE_TRANSITION, JobStatus.CANCELED),
                        ended(CANCELED, JobStatus.CANCELED)),
                row(
                        "timed out at the service",
                        rejected(TERMINAL_STATE_REACHED, JobStatus.TIMED_OUT),
                        ended(TIMED_OUT, JobStatus.TIMED_OUT)),
                row(
                        "removed from the job",
                        rejected(INVALID_STATE_TRANSITION, JobStatus.REMOVED),
                        ended(REMOVED, JobStatus.REMOVED)),
                row(
                        "finished by someone else",
                        rejected(INVALID_STATE_TRANSITION, SUCCEEDED),
                        ended(COMPLETED_ELSEWHERE, SUCCEEDED)),
                row("terminal, status not said", rejected(TERMINAL_STATE_REACHED, null), act(VERIFY)),
                row("refused, still in progress", rejected(INVALID_STATE_TRANSITION, IN_PROGRESS), act(VERIFY)),
                row("deleted", rejected(RESOURCE_NOT_FOUND, null), ended(DELETED, null)),
                row("details refused", rejected(INVALID_REQUEST, null), act(DROP_DETAILS)),
                row("details refused before sending", new IllegalArgumentException("statusDetails"), act(DROP_DETAILS)),
                row("throttled", rejected(REQUEST_THROTTLED, null), act(RETRY)),
                row("service error", rejected(INTERNAL_ERROR, null), act(RETRY)),
                row("version mismatch", rejected(VERSION_MISMATCH, null), act(RETRY)),
                row("no reply", noReply(), act(RETRY)),
                row("not sent", notSent(), act(RETRY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProgressFailures")
    void afterAFailedInProgressUpdate(String what, Throwable failure, Decision expected) {
        assertThat(Decisions.afterInProgressFailure(Failure.of(failure))).isEqualTo(expected);
    }

    static Stream<Arguments> terminalFailures() {
        return Stream.of(
                Arguments.of("client closed", clientClosed(), false, true, NOTHING_TO_DO),
                Arguments.of("no reply: outcome unknown", noReply(), false, true, act(RECONCILE)),
                Arguments.of("not sent", notSent(), false, true, act(RETRY)),
                Arguments.of("throttled", rejected(REQUEST_THROTTLED, null), false, true, act(RETRY)),
                Arguments.of("service error", rejected(INTERNAL_ERROR, null), false, true, act(RETRY)),
                Arguments.of(
                        "an earlier attempt took effect",
                        rejected(INVALID_STATE_TRANSITION, SUCCEEDED),
                        false,
                        true,
                        act(REPORTED)),
                Arguments.of(
                        "canceled meanwhile",
                        rejected(INVALID_STATE_TRANSITION, JobStatus.CANCELED),
                        false,
                        true,
                        ended(CANCELED, JobStatus.CANCELED)),
                Arguments.of(
                        "another terminal status",
                        rejected(TERMINAL_STATE_REACHED, FAILED),
                        false,
                        true,
                        ended(COMPLETED_ELSEWHERE, FAILED)),
                Arguments.of(
                        "terminal, status not said, first time",
                        rejected(TERMINAL_STATE_REACHED, null),
                        false,
                        true,
                        act(RECONCILE_TERMINAL_UNKNOWN)),
                Arguments.of(
                        "terminal, status not said, again",
                        rejected(INVALID_STATE_TRANSITION, null),
                        true,
                        true,
                        ended(COMPLETED_ELSEWHERE, null)),
                Arguments.of("deleted", rejected(RESOURCE_NOT_FOUND, null), false, true, ended(DELETED, null)),
                Arguments.of("version mismatch", rejected(VERSION_MISMATCH, null), false, true, act(RECONCILE)),
                Arguments.of("details refused", rejected(INVALID_REQUEST, null), false, true, act(MINIMAL_DETAILS)),
                Arguments.of("even the reason refused", rejected(INVALID_REQUEST, null), false, false, act(GIVE_UP)),
                Arguments.of(
                        "refused before sending",
                        new IllegalArgumentException("statusDetails"),
                        false,
                        true,
                        act(MINIMAL_DETAILS)),
                Arguments.of("a code the agent cannot fix", rejected(INVALID_TOPIC, null), false, true, act(GIVE_UP)),
                Arguments.of("an unknown code", rejected(UNKNOWN, null), false, true, act(GIVE_UP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminalFailures")
    void afterAFailedTerminalUpdate(
            String what, Throwable failure, boolean terminalUnknownSeen, boolean canTryMinimal, Decision expected) {
        assertThat(Decisions.afterTerminalFailure(Failure.of(failure), SUCCEEDED, terminalUnknownSeen, canTryMinimal))
                .isEqualTo(expected);
    }

    static Stream<Arguments> verifications() {
        return Stream.of(
                Arguments.of(
                        "still in progress",
                        described("job-1", IN_PROGRESS, 3),
                        null,
                        new Decision(STANDS, null, IN_PROGRESS)),
                Arguments.of(
                        "canceled",
                        described("job-1", JobStatus.CANCELED, 4),
                        null,
                        ended(CANCELED, JobStatus.CANCELED)),
                Arguments.of(
                        "removed", described("job-1", JobStatus.REMOVED, 4), null, ended(REMOVED, JobStatus.REMOVED)),
                Arguments.of(
                        "timed out",
                        described("job-1", JobStatus.TIMED_OUT, 4),
                        null,
                        ended(TIMED_OUT, JobStatus.TIMED_OUT)),
                Arguments.of(
                        "finished by someone else",
                        described("job-1", SUCCEEDED, 4),
                        null,
                        ended(COMPLETED_ELSEWHERE, SUCCEEDED)),
                Arguments.of("no execution in the reply", describedNothing(), null, ended(DELETED, null)),
                Arguments.of("deleted", null, rejected(RESOURCE_NOT_FOUND, null), ended(DELETED, null)),
                Arguments.of(
                        "terminal, status not said",
                        null,
                        rejected(TERMINAL_STATE_REACHED, null),
                        ended(COMPLETED_ELSEWHERE, null)),
                Arguments.of("client closed", null, clientClosed(), NOTHING_TO_DO),
                Arguments.of("no reply", null, noReply(), act(RETRY_DESCRIBE)),
                Arguments.of("throttled", null, rejected(REQUEST_THROTTLED, null), act(RETRY_DESCRIBE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifications")
    void afterAVerifyingDescribe(
            String what, DescribeJobExecutionResponse reply, Throwable failure, Decision expected) {
        assertThat(Decisions.afterVerify(reply, failure == null ? null : Failure.of(failure)))
                .isEqualTo(expected);
    }

    static Stream<Arguments> reconciliations() {
        return Stream.of(
                Arguments.of("the result took effect", described("job-1", SUCCEEDED, 5), null, false, act(REPORTED)),
                Arguments.of(
                        "the result was lost on the way", described("job-1", IN_PROGRESS, 4), null, false, act(RETRY)),
                Arguments.of(
                        "canceled before the result arrived",
                        described("job-1", JobStatus.CANCELED, 5),
                        null,
                        false,
                        ended(CANCELED, JobStatus.CANCELED)),
                Arguments.of(
                        "another terminal status",
                        described("job-1", FAILED, 5),
                        null,
                        false,
                        ended(COMPLETED_ELSEWHERE, FAILED)),
                Arguments.of("no execution in the reply", describedNothing(), null, false, ended(DELETED, null)),
                Arguments.of("deleted", null, rejected(RESOURCE_NOT_FOUND, null), false, ended(DELETED, null)),
                Arguments.of(
                        "terminal, status not said, first time",
                        null,
                        rejected(TERMINAL_STATE_REACHED, null),
                        false,
                        act(RESEND)),
                Arguments.of(
                        "terminal, status not said, again",
                        null,
                        rejected(TERMINAL_STATE_REACHED, null),
                        true,
                        ended(COMPLETED_ELSEWHERE, null)),
                Arguments.of("client closed", null, clientClosed(), false, NOTHING_TO_DO),
                Arguments.of("no reply", null, noReply(), false, act(RETRY_DESCRIBE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reconciliations")
    void afterAReconcilingDescribe(
            String what,
            DescribeJobExecutionResponse reply,
            Throwable failure,
            boolean terminalUnknownSeen,
            Decision expected) {
        assertThat(Decisions.afterReconcile(
                        reply, failure == null ? null : Failure.of(failure), SUCCEEDED, terminalUnknownSeen))
                .isEqualTo(expected);
    }

    @Test
    void notifyNextHintsAnEndUnlessItNamesTheRunningExecution() {
        ExecutionKey running = new ExecutionKey("job-1", 1);
        assertThat(Decisions.nextEventHintsEnd(Replies.next("job-1"), running))
                .as("ours, repeated")
                .isFalse();
        assertThat(Decisions.nextEventHintsEnd(Replies.next("job-2"), running))
                .as("another head")
                .isTrue();
        assertThat(Decisions.nextEventHintsEnd(Replies.next(null), running))
                .as("nothing pending")
                .isTrue();
        assertThat(Decisions.nextEventHintsEnd(Replies.next("job-1"), new ExecutionKey("job-1", 2)))
                .as("another execution of the same job")
                .isTrue();
    }

    @Test
    void notifyHintsAnEndWhenThePendingSetNoLongerListsTheRunningExecution() {
        ExecutionKey running = new ExecutionKey("job-2", 1);
        assertThat(Decisions.notifyEventHintsEnd(Replies.pending("job-1", "job-2"), running))
                .isFalse();
        assertThat(Decisions.notifyEventHintsEnd(Replies.pending("job-1", "job-3"), running))
                .isTrue();
        assertThat(Decisions.notifyEventHintsEnd(Replies.pending(), running)).isTrue();
        assertThat(Decisions.notifyEventAnnouncesWork(Replies.pending())).isFalse();
        assertThat(Decisions.notifyEventAnnouncesWork(Replies.pending("job-1"))).isTrue();
    }

    @Test
    void staleRecordsAreThoseNeitherPendingNorRunningUnlessTheListMayBeCutOff() {
        ExecutionKey a = new ExecutionKey("a", 1);
        ExecutionKey b = new ExecutionKey("b", 1);
        ExecutionKey c = new ExecutionKey("c", 1);
        assertThat(Decisions.staleRecords(List.of(a, b, c), Set.of(a), c)).containsExactly(b);
        assertThat(Decisions.staleRecords(List.of(a, b), Set.of(), null)).containsExactly(a, b);
        Set<ExecutionKey> full = Set.copyOf(IntStream.range(0, Decisions.PENDING_LIST_LIMIT)
                .mapToObj(i -> new ExecutionKey("p" + i, 1))
                .toList());
        assertThat(Decisions.staleRecords(List.of(a, b), full, null))
                .as("ten listed: others may be pending")
                .isEmpty();
    }

    @Test
    void anInProgressRetryNeverWaitsLongerThanTheHeartbeat() {
        assertThat(Decisions.inProgressRetryDelay(Duration.ofMinutes(2), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(Decisions.inProgressRetryDelay(Duration.ofMinutes(8), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(Decisions.inProgressRetryDelay(Duration.ofMinutes(8), null)).isEqualTo(Duration.ofMinutes(8));
    }
}
