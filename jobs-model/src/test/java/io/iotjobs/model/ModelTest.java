package io.iotjobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types: required attributes, null handling, status and error-code mapping. */
class ModelTest {

    // ------------------------------------------------------------------------------------------- builders

    @Test
    void requiredAttributesAreNamed() {
        assertMissing(() -> GetPendingJobExecutionsRequest.builder().build(), "thingName");
        assertMissing(
                () -> StartNextPendingJobExecutionRequest.builder()
                        .clientToken("c")
                        .build(),
                "thingName");
        assertMissing(() -> DescribeJobExecutionRequest.builder().build(), "thingName", "jobId");
        assertMissing(
                () -> DescribeJobExecutionRequest.builder().thingName("dev-42").build(), "jobId");
        assertMissing(() -> UpdateJobExecutionRequest.builder().build(), "thingName", "jobId", "status");
        assertMissing(
                () -> UpdateJobExecutionRequest.builder()
                        .thingName("dev-42")
                        .jobId("fw-17")
                        .build(),
                "status");
        assertMissing(() -> JobExecutionData.builder().status(JobStatus.QUEUED).build(), "jobId");
        assertMissing(() -> JobExecutionSummary.builder().versionNumber(1).build(), "jobId");
        assertMissing(() -> GetPendingJobExecutionsSubscriptionRequest.builder().build(), "thingName");
        assertMissing(
                () -> StartNextPendingJobExecutionSubscriptionRequest.builder().build(), "thingName");
        assertMissing(
                () -> DescribeJobExecutionSubscriptionRequest.builder()
                        .jobId("fw-17")
                        .build(),
                "thingName");
        assertMissing(() -> UpdateJobExecutionSubscriptionRequest.builder().build(), "thingName");
        assertMissing(() -> JobExecutionsChangedSubscriptionRequest.builder().build(), "thingName");
        assertMissing(() -> NextJobExecutionChangedSubscriptionRequest.builder().build(), "thingName");
    }

    @Test
    void valuesWithoutRequiredAttributesBuildEmpty() {
        assertThat(GetPendingJobExecutionsResponse.builder().build().inProgressJobs())
                .isEmpty();
        assertThat(GetPendingJobExecutionsResponse.builder().build().queuedJobs())
                .isEmpty();
        assertThat(StartNextJobExecutionResponse.builder().build().execution()).isEmpty();
        assertThat(DescribeJobExecutionResponse.builder().build().timestamp()).isEmpty();
        assertThat(UpdateJobExecutionResponse.builder().build().clientToken()).isEmpty();
        assertThat(JobExecutionsChangedEvent.builder().build().jobs()).isEmpty();
        assertThat(NextJobExecutionChangedEvent.builder().build().execution()).isEmpty();
        assertThat(JobExecutionState.builder().build().versionNumber()).isEqualTo(OptionalLong.empty());
        assertThat(RejectedError.builder().build().rawCode()).isEmpty();
    }

    @Test
    void nullArgumentsAreNullPointerExceptions() {
        assertNull(() -> GetPendingJobExecutionsRequest.builder().thingName(null));
        assertNull(() -> GetPendingJobExecutionsRequest.builder().clientToken((String) null));
        assertNull(() -> StartNextPendingJobExecutionRequest.builder().statusDetails((Map<String, String>) null));
        assertNull(() -> DescribeJobExecutionRequest.builder().jobId(null));
        assertNull(() -> UpdateJobExecutionRequest.builder().status(null));
        assertNull(() -> JobExecutionData.builder().jobId(null));
        assertNull(() -> JobExecutionData.builder().status((JobStatus) null));
        assertNull(() -> JobExecutionData.builder().queuedAt((Instant) null));
        assertNull(() -> JobExecutionData.builder().jobDocument((JobDocument) null));
        assertNull(() -> JobExecutionState.builder().status((JobStatus) null));
        assertNull(() -> RejectedError.builder().code((RejectedErrorCode) null));
        assertNull(() -> GetPendingJobExecutionsResponse.builder().addInProgressJobs((JobExecutionSummary) null));
        assertNull(() -> JobExecutionsChangedEvent.builder().putJobs(JobStatus.QUEUED, null));
        assertNull(() -> JobExecutionsChangedEvent.builder().putJobs(null, List.of()));
    }

    @Test
    void nullArgumentsNameTheAttribute() {
        assertThatThrownBy(() -> UpdateJobExecutionRequest.builder().thingName(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("thingName");
        assertThatThrownBy(() -> UpdateJobExecutionRequest.builder().jobId(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("jobId");
        assertThatThrownBy(() -> UpdateJobExecutionRequest.builder().clientToken((String) null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("clientToken");
    }

    @Test
    void builtValuesAreEqualByValue() {
        UpdateJobExecutionRequest one = UpdateJobExecutionRequest.builder()
                .thingName("dev-42")
                .jobId("fw-17")
                .status(JobStatus.SUCCEEDED)
                .statusDetails(Map.of("k", "v"))
                .expectedVersion(3)
                .build();
        UpdateJobExecutionRequest same =
                UpdateJobExecutionRequest.builder().from(one).build();

        assertThat(same).isEqualTo(one).hasSameHashCodeAs(one).isNotSameAs(one);
        assertThat(UpdateJobExecutionRequest.builder()
                        .from(one)
                        .expectedVersion(4)
                        .build())
                .isNotEqualTo(one);
        assertThat(one.expectedVersion()).isEqualTo(OptionalLong.of(3));
        assertThat(one.includeJobDocument()).isEmpty();
    }

    @Test
    void eventConveniences() {
        JobExecutionSummary a = JobExecutionSummary.builder().jobId("a").build();
        JobExecutionSummary b = JobExecutionSummary.builder().jobId("b").build();
        JobExecutionsChangedEvent event = JobExecutionsChangedEvent.builder()
                .putJobs(JobStatus.IN_PROGRESS, List.of(a))
                .putJobs(JobStatus.QUEUED, List.of(b))
                .build();

        assertThat(event.inProgress()).containsExactly(a);
        assertThat(event.queued()).containsExactly(b);
        assertThat(JobExecutionsChangedEvent.builder().build().inProgress()).isEmpty();
        assertThat(JobExecutionsChangedEvent.builder().build().queued()).isEmpty();
    }

    @Test
    void nextAlias() {
        assertThat(DescribeJobExecutionRequest.NEXT).isEqualTo("$next");
        assertThat(DescribeJobExecutionRequest.builder()
                        .thingName("dev-42")
                        .jobId(DescribeJobExecutionRequest.NEXT)
                        .build()
                        .jobId())
                .isEqualTo("$next");
    }

    @Test
    void subscriptionJobIdIsOptional() {
        assertThat(UpdateJobExecutionSubscriptionRequest.builder()
                        .thingName("dev-42")
                        .build()
                        .jobId())
                .isEmpty();
        assertThat(DescribeJobExecutionSubscriptionRequest.builder()
                        .thingName("dev-42")
                        .jobId("fw-17")
                        .build()
                        .jobId())
                .isEqualTo(Optional.of("fw-17"));
        assertThat(GetPendingJobExecutionsSubscriptionRequest.builder()
                        .thingName("dev-42")
                        .build()
                        .jobId())
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------ JobStatus

    @ParameterizedTest
    @CsvSource({
        "QUEUED, QUEUED",
        "IN_PROGRESS, IN_PROGRESS",
        "SUCCEEDED, SUCCEEDED",
        "FAILED, FAILED",
        "TIMED_OUT, TIMED_OUT",
        "REJECTED, REJECTED",
        "REMOVED, REMOVED",
        "CANCELED, CANCELED"
    })
    void statusFromKnownWireNames(String wireName, JobStatus expected) {
        assertThat(JobStatus.fromWireName(wireName)).isEqualTo(expected);
        assertThat(expected.wireName()).isEqualTo(wireName);
    }

    @Test
    void everyKnownStatusRoundTrips() {
        EnumSet<JobStatus> known = EnumSet.complementOf(EnumSet.of(JobStatus.UNKNOWN));
        assertThat(known).hasSize(8);
        for (JobStatus status : known) {
            assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"PAUSED", "SCHEDULED", "in_progress", "Queued", "CANCELLED", " QUEUED", "QUEUED ", "", "UNKNOWN"
            })
    void unknownStatusWireNames(String wireName) {
        assertThat(JobStatus.fromWireName(wireName)).isEqualTo(JobStatus.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource({
        "QUEUED, false, false",
        "IN_PROGRESS, false, true",
        "SUCCEEDED, true, true",
        "FAILED, true, true",
        "TIMED_OUT, true, false",
        "REJECTED, true, true",
        "REMOVED, true, false",
        "CANCELED, true, false",
        "UNKNOWN, false, false"
    })
    void terminalAndSettableByDevice(JobStatus status, boolean terminal, boolean settable) {
        assertThat(status.isTerminal()).as("%s terminal", status).isEqualTo(terminal);
        assertThat(status.isSettableByDevice()).as("%s settable", status).isEqualTo(settable);
    }

    @Test
    void rawStatusAndStatus() {
        JobExecutionData unknown =
                JobExecutionData.builder().jobId("j").rawStatus("PAUSED").build();
        assertThat(unknown.rawStatus()).isEqualTo(Optional.of("PAUSED"));
        assertThat(unknown.status()).isEqualTo(Optional.of(JobStatus.UNKNOWN));

        JobExecutionData known = JobExecutionData.builder()
                .jobId("j")
                .status(JobStatus.TIMED_OUT)
                .build();
        assertThat(known.rawStatus()).isEqualTo(Optional.of("TIMED_OUT"));
        assertThat(known.status()).isEqualTo(Optional.of(JobStatus.TIMED_OUT));

        JobExecutionData absent = JobExecutionData.builder().jobId("j").build();
        assertThat(absent.rawStatus()).isEmpty();
        assertThat(absent.status()).isEmpty();

        JobExecutionState state = JobExecutionState.builder()
                .rawStatus("ARCHIVED")
                .versionNumber(5)
                .build();
        assertThat(state.rawStatus()).isEqualTo(Optional.of("ARCHIVED"));
        assertThat(state.status()).isEqualTo(Optional.of(JobStatus.UNKNOWN));
        assertThat(JobExecutionState.builder()
                        .status(JobStatus.SUCCEEDED)
                        .build()
                        .rawStatus())
                .isEqualTo(Optional.of("SUCCEEDED"));
        assertThat(JobExecutionState.builder().build().status()).isEmpty();
    }

    // ----------------------------------------------------------------------------------- RejectedErrorCode

    @ParameterizedTest
    @CsvSource({
        "InternalError, INTERNAL_ERROR",
        "InvalidJson, INVALID_JSON",
        "InvalidRequest, INVALID_REQUEST",
        "InvalidStateTransition, INVALID_STATE_TRANSITION",
        "ResourceNotFound, RESOURCE_NOT_FOUND",
        "VersionMismatch, VERSION_MISMATCH",
        "InvalidTopic, INVALID_TOPIC",
        "RequestThrottled, REQUEST_THROTTLED",
        "TerminalStateReached, TERMINAL_STATE_REACHED"
    })
    void codeFromKnownWireNames(String wireName, RejectedErrorCode expected) {
        assertThat(RejectedErrorCode.fromWireName(wireName)).isEqualTo(expected);
        assertThat(expected.wireName()).isEqualTo(wireName);
    }

    @Test
    void everyKnownCodeRoundTrips() {
        EnumSet<RejectedErrorCode> known = EnumSet.complementOf(EnumSet.of(RejectedErrorCode.UNKNOWN));
        assertThat(known).hasSize(9);
        for (RejectedErrorCode code : known) {
            assertThat(RejectedErrorCode.fromWireName(code.wireName())).isEqualTo(code);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QuotaExceeded",
                "VERSION_MISMATCH",
                "versionMismatch",
                "VersionMismatch ",
                "",
                "Unknown",
                "UNKNOWN"
            })
    void unknownCodeWireNames(String wireName) {
        assertThat(RejectedErrorCode.fromWireName(wireName)).isEqualTo(RejectedErrorCode.UNKNOWN);
    }

    @Test
    void nullCodeIsUnknown() {
        assertThat(RejectedErrorCode.fromWireName(null)).isEqualTo(RejectedErrorCode.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(RejectedErrorCode.class)
    void onlyThrottlingAndInternalErrorsAreRetryable(RejectedErrorCode code) {
        boolean expected = code == RejectedErrorCode.REQUEST_THROTTLED || code == RejectedErrorCode.INTERNAL_ERROR;
        assertThat(code.isRetryable()).as(code.name()).isEqualTo(expected);
    }

    @Test
    void rejectedErrorCode() {
        RejectedError absent = RejectedError.builder().message("no code").build();
        assertThat(absent.rawCode()).isEmpty();
        assertThat(absent.code()).isEqualTo(RejectedErrorCode.UNKNOWN);

        RejectedError unknown = RejectedError.builder().rawCode("QuotaExceeded").build();
        assertThat(unknown.rawCode()).isEqualTo(Optional.of("QuotaExceeded"));
        assertThat(unknown.code()).isEqualTo(RejectedErrorCode.UNKNOWN);

        RejectedError known = RejectedError.builder()
                .code(RejectedErrorCode.VERSION_MISMATCH)
                .executionState(JobExecutionState.builder()
                        .status(JobStatus.IN_PROGRESS)
                        .versionNumber(3)
                        .build())
                .build();
        assertThat(known.rawCode()).isEqualTo(Optional.of("VersionMismatch"));
        assertThat(known.code()).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
        assertThat(known.executionState().orElseThrow().versionNumber()).isEqualTo(OptionalLong.of(3));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void assertMissing(ThrowingCallable build, String... attributes) {
        assertThatThrownBy(build)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required attributes")
                .hasMessageContainingAll(attributes);
    }

    private static void assertNull(ThrowingCallable call) {
        assertThatThrownBy(call).isExactlyInstanceOf(NullPointerException.class);
    }
}
