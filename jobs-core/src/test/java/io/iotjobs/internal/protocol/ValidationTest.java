package io.iotjobs.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service's field rules, checked through {@code Operation.X.validate(request, limits)}: every rule has a
 * passing and a failing case, and every failure names the field first.
 */
class ValidationTest {

    private static final String THING = "dev-42";
    private static final String JOB = "fw-17";
    private static final JobsLimits LIMITS = JobsLimits.DEFAULT;

    /** Names that must never reach a topic: wildcards, separators, reserved prefixes, bad lengths and bytes. */
    static Stream<String> injectionAttempts() {
        return Stream.of(
                "a/b",
                "/",
                "+",
                "#",
                "$aws",
                "dev/#",
                "dev/+/x",
                "",
                "dév",
                "a\u0000b",
                "a b",
                " ",
                "a\t",
                "a\n",
                "\u200bdev",
                "dev-42\u0301",
                "$next/get",
                "..",
                "dev.42",
                "dev*",
                "dev\"42",
                "\\",
                "%2F");
    }

    // ------------------------------------------------------------------------------------------ thing name

    @Nested
    class ThingName {
        @ParameterizedTest
        @ValueSource(strings = {"a", "dev-42", "Gateway:child_7", "A-Z_a-z:0-9", "::", "--", "__"})
        void validThingNames(String thingName) {
            for (Operation<?, ?> operation : Operation.all()) {
                assertThatCode(() -> validate(operation, thingName, JOB))
                        .as("%s on %s", thingName, operation)
                        .doesNotThrowAnyException();
            }
        }

        @Test
        void lengthLimits() {
            String longest = "t".repeat(128);
            for (Operation<?, ?> operation : Operation.all()) {
                assertThatCode(() -> validate(operation, longest, JOB)).doesNotThrowAnyException();
                assertRejected(() -> validate(operation, longest + "t", JOB), "thingName")
                        .hasMessageContaining("1-128");
                assertRejected(() -> validate(operation, "", JOB), "thingName");
            }
        }

        @ParameterizedTest
        @MethodSource("io.iotjobs.internal.protocol.ValidationTest#injectionAttempts")
        void injectionAttemptsAreRejected(String thingName) {
            for (Operation<?, ?> operation : Operation.all()) {
                assertRejected(() -> validate(operation, thingName, JOB), "thingName");
            }
        }

        @Test
        void controlCharactersAreShownEscaped() {
            assertRejected(() -> validate(Operation.GET_PENDING, "a\u0000b", null), "thingName")
                    .hasMessageContaining("\"a\\u0000b\"")
                    .hasMessageNotContaining("\u0000");
            assertRejected(() -> validate(Operation.GET_PENDING, "a\nb", null), "thingName")
                    .hasMessageContaining("\"a\\u000ab\"")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void longValuesAreCutInTheMessage() {
            String name = "x".repeat(500) + "/";

            assertRejected(() -> validate(Operation.GET_PENDING, name, null), "thingName")
                    .hasMessageContaining("(501 characters)")
                    .hasMessageNotContaining("x".repeat(41));
        }

        @Test
        void nullThingNameIsANullPointerException() {
            assertThatThrownBy(() -> Validation.thingName("thingName", null))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("thingName");
        }
    }

    // --------------------------------------------------------------------------------------------- job id

    @Nested
    class JobId {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "a",
                    "fw-17",
                    "A_z-0_9",
                    "get",
                    "update",
                    "start-next",
                    "notify",
                    "notify-next",
                    "accepted",
                    "rejected",
                    "--",
                    "__"
                })
        void validJobIds(String jobId) {
            assertThatCode(() -> validate(Operation.DESCRIBE, THING, jobId)).doesNotThrowAnyException();
            assertThatCode(() -> validate(Operation.UPDATE, THING, jobId)).doesNotThrowAnyException();
        }

        @Test
        void lengthLimits() {
            String longest = "j".repeat(64);
            for (Operation<?, ?> operation : List.of(Operation.DESCRIBE, Operation.UPDATE)) {
                assertThatCode(() -> validate(operation, THING, longest)).doesNotThrowAnyException();
                assertRejected(() -> validate(operation, THING, longest + "j"), "jobId")
                        .hasMessageContaining("1-64");
                assertRejected(() -> validate(operation, THING, ""), "jobId");
            }
        }

        @Test
        void colonIsAllowedInThingNamesButNotInJobIds() {
            assertThatCode(() -> validate(Operation.UPDATE, "a:b", JOB)).doesNotThrowAnyException();
            assertRejected(() -> validate(Operation.UPDATE, THING, "a:b"), "jobId");
        }

        @ParameterizedTest
        @MethodSource("io.iotjobs.internal.protocol.ValidationTest#injectionAttempts")
        void injectionAttemptsAreRejected(String jobId) {
            assertRejected(() -> validate(Operation.DESCRIBE, THING, jobId), "jobId");
            assertRejected(() -> validate(Operation.UPDATE, THING, jobId), "jobId");
        }

        @Test
        void nextIsAllowedForDescribeOnly() {
            assertThatCode(() -> validate(Operation.DESCRIBE, THING, "$next")).doesNotThrowAnyException();

            assertRejected(() -> validate(Operation.UPDATE, THING, "$next"), "jobId")
                    .hasMessageContaining("DescribeJobExecution");
        }

        @ParameterizedTest
        @ValueSource(strings = {"$NEXT", "$next2", "$nex", " $next", "$next ", "$$next", "$next/get"})
        void onlyTheExactAliasIsAllowed(String jobId) {
            assertRejected(() -> validate(Operation.DESCRIBE, THING, jobId), "jobId");
        }

        @Test
        void controlCharactersAreShownEscaped() {
            assertRejected(() -> validate(Operation.UPDATE, THING, "a\u0000b"), "jobId")
                    .hasMessageContaining("\\u0000")
                    .hasMessageNotContaining("\u0000");
        }

        @Test
        void nullJobIdIsANullPointerException() {
            assertThatThrownBy(() -> Validation.jobId("jobId", null, true))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("jobId");
        }

        @Test
        void thingNameIsCheckedBeforeJobId() {
            assertRejected(() -> validate(Operation.UPDATE, "a/b", "c/d"), "thingName");
        }
    }

    // ---------------------------------------------------------------------------------------- client token

    @Nested
    class ClientToken {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "c",
                    "c0ffee01",
                    "1:dev-42",
                    "5d3c6a6e-8c2f-4a59-9d0e-6f2b8f0e1a77",
                    "with space",
                    "üñí©ødé",
                    "a/b+#$"
                })
        void validTokens(String token) {
            for (Operation<?, ?> operation : Operation.all()) {
                assertThatCode(() -> operation.validate(cast(request(operation, THING, JOB, token)), LIMITS))
                        .doesNotThrowAnyException();
            }
        }

        @Test
        void lengthLimits() {
            String longest = "k".repeat(64);
            for (Operation<?, ?> operation : Operation.all()) {
                assertThatCode(() -> operation.validate(cast(request(operation, THING, JOB, longest)), LIMITS))
                        .doesNotThrowAnyException();
                assertRejected(
                                () -> operation.validate(cast(request(operation, THING, JOB, longest + "k")), LIMITS),
                                "clientToken")
                        .hasMessageContaining("1-64");
                assertRejected(
                        () -> operation.validate(cast(request(operation, THING, JOB, "")), LIMITS), "clientToken");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\u0000b", "a\nb", "\t", "a\u007fb", "a\u0085b", "a\u200eb"})
        void controlCharactersAreRejected(String token) {
            assertRejected(() -> Operation.GET_PENDING.validate(getPending(token), LIMITS), "clientToken");
        }

        @Test
        void configuredLength() {
            JobsLimits limits = LIMITS.withMaxClientTokenLength(8);

            assertThatCode(() -> Operation.GET_PENDING.validate(getPending("12345678"), limits))
                    .doesNotThrowAnyException();
            assertRejected(() -> Operation.GET_PENDING.validate(getPending("123456789"), limits), "clientToken")
                    .hasMessageContaining("1-8");
        }

        @Test
        void absentTokenIsFine() {
            assertThatCode(() -> Operation.GET_PENDING.validate(
                            GetPendingJobExecutionsRequest.builder()
                                    .thingName(THING)
                                    .build(),
                            LIMITS))
                    .doesNotThrowAnyException();
        }

        private GetPendingJobExecutionsRequest getPending(String token) {
            return GetPendingJobExecutionsRequest.builder()
                    .thingName(THING)
                    .clientToken(token)
                    .build();
        }
    }

    // --------------------------------------------------------------------------------------- status details

    @Nested
    class StatusDetails {
        @Test
        void validDetailsOnStartNextAndUpdate() {
            Map<String, String> details =
                    Map.of("step", "download", "progress:pct", "50%", "note_1-a", "ünïcödé ✓ 😀 text with spaces");

            assertThatCode(() -> Operation.START_NEXT.validate(startNext(details), LIMITS))
                    .doesNotThrowAnyException();
            assertThatCode(() -> Operation.UPDATE.validate(update(details), LIMITS))
                    .doesNotThrowAnyException();
        }

        @Test
        void emptyMapIsFine() {
            assertThatCode(() -> Operation.UPDATE.validate(update(Map.of()), LIMITS))
                    .doesNotThrowAnyException();
        }

        @Test
        void atMostTenPairsByDefault() {
            assertThatCode(() -> Operation.UPDATE.validate(update(pairs(10)), LIMITS))
                    .doesNotThrowAnyException();

            assertRejected(() -> Operation.UPDATE.validate(update(pairs(11)), LIMITS), "statusDetails")
                    .hasMessageContaining("10");
            assertRejected(() -> Operation.START_NEXT.validate(startNext(pairs(11)), LIMITS), "statusDetails");
        }

        @Test
        void configuredPairCount() {
            JobsLimits limits = LIMITS.withMaxStatusDetailsPairs(2);

            assertThatCode(() -> Operation.UPDATE.validate(update(pairs(2)), limits))
                    .doesNotThrowAnyException();
            assertRejected(() -> Operation.UPDATE.validate(update(pairs(3)), limits), "statusDetails")
                    .hasMessageContaining("at most 2");
            assertThatCode(() -> Operation.UPDATE.validate(update(pairs(11)), LIMITS.withMaxStatusDetailsPairs(20)))
                    .doesNotThrowAnyException();
        }

        @Test
        void keyLength() {
            String longest = "k".repeat(128);

            assertThatCode(() -> Operation.UPDATE.validate(update(Map.of(longest, "v")), LIMITS))
                    .doesNotThrowAnyException();
            assertRejected(
                    () -> Operation.UPDATE.validate(update(Map.of(longest + "k", "v")), LIMITS), "statusDetails");
            assertRejected(() -> Operation.UPDATE.validate(update(Map.of("", "v")), LIMITS), "statusDetails");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a b", "a.b", "a/b", "a+b", "a#b", "$key", "dév", "a\u0000b", "ключ"})
        void keyCharacters(String key) {
            assertRejected(() -> Operation.UPDATE.validate(update(Map.of(key, "v")), LIMITS), "statusDetails")
                    .hasMessageContaining("key");
            assertRejected(() -> Operation.START_NEXT.validate(startNext(Map.of(key, "v")), LIMITS), "statusDetails");
        }

        @Test
        void valueLength() {
            String longest = "v".repeat(1024);

            assertThatCode(() -> Operation.UPDATE.validate(update(Map.of("k", longest)), LIMITS))
                    .doesNotThrowAnyException();
            assertRejected(
                            () -> Operation.UPDATE.validate(update(Map.of("k", longest + "v")), LIMITS),
                            "statusDetails.k")
                    .hasMessageContaining("1025 characters");
            assertRejected(() -> Operation.UPDATE.validate(update(Map.of("k", "")), LIMITS), "statusDetails.k");
        }

        @Test
        void configuredValueLength() {
            JobsLimits limits = LIMITS.withMaxStatusDetailValueLength(5);

            assertThatCode(() -> Operation.START_NEXT.validate(startNext(Map.of("k", "12345")), limits))
                    .doesNotThrowAnyException();
            assertRejected(
                            () -> Operation.START_NEXT.validate(startNext(Map.of("k", "123456")), limits),
                            "statusDetails.k")
                    .hasMessageContaining("1-5");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "a\u0000b",
                    "line\nbreak",
                    "tab\there",
                    "\r",
                    "a\u007fb",
                    "a\u200bb",
                    "a\ud800b",
                    "a\ue000b",
                    "a\uffffb"
                })
        void valueWithoutControlOrUnassignedCharacters(String value) {
            assertRejected(() -> Operation.UPDATE.validate(update(Map.of("k", value)), LIMITS), "statusDetails.k");
        }

        @Test
        void controlCharactersInAValueAreShownEscaped() {
            assertRejected(() -> Operation.UPDATE.validate(update(Map.of("k", "a\u0000b")), LIMITS), "statusDetails.k")
                    .hasMessageContaining("\\u0000")
                    .hasMessageNotContaining("\u0000");
        }

        @Test
        void nullKeyOrValueIsANullPointerExceptionNamingTheField() {
            Map<String, String> nullValue = Collections.singletonMap("k", null);
            Map<String, String> nullKey = Collections.singletonMap(null, "v");

            assertThatThrownBy(() -> Operation.UPDATE.validate(update(nullValue), LIMITS))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("statusDetails");
            assertThatThrownBy(() -> Operation.START_NEXT.validate(startNext(nullKey), LIMITS))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("statusDetails");
        }

        private Map<String, String> pairs(int count) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                map.put("key" + i, "value" + i);
            }
            return map;
        }

        private StartNextPendingJobExecutionRequest startNext(Map<String, String> details) {
            return StartNextPendingJobExecutionRequest.builder()
                    .thingName(THING)
                    .statusDetails(details)
                    .build();
        }

        private UpdateJobExecutionRequest update(Map<String, String> details) {
            return UpdateJobExecutionRequest.builder()
                    .thingName(THING)
                    .jobId(JOB)
                    .status(JobStatus.IN_PROGRESS)
                    .statusDetails(details)
                    .build();
        }
    }

    // ----------------------------------------------------------------------------------------- step timeout

    @Nested
    class StepTimeout {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 60, 10079, 10080})
        void inRangeOnBoth(long minutes) {
            assertThatCode(() -> Operation.START_NEXT.validate(startNext(minutes), LIMITS))
                    .doesNotThrowAnyException();
            assertThatCode(() -> Operation.UPDATE.validate(update(minutes), LIMITS))
                    .doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -2, 10081, Long.MAX_VALUE, Long.MIN_VALUE})
        void outOfRangeOnBoth(long minutes) {
            assertRejected(() -> Operation.START_NEXT.validate(startNext(minutes), LIMITS), "stepTimeoutInMinutes")
                    .hasMessageContaining("1..10080");
            assertRejected(() -> Operation.UPDATE.validate(update(minutes), LIMITS), "stepTimeoutInMinutes")
                    .hasMessageContaining("-1");
        }

        @Test
        void minusOneCancelsOnUpdateOnly() {
            assertThatCode(() -> Operation.UPDATE.validate(update(-1), LIMITS)).doesNotThrowAnyException();

            assertRejected(() -> Operation.START_NEXT.validate(startNext(-1), LIMITS), "stepTimeoutInMinutes")
                    .hasMessageContaining("got -1");
        }

        private StartNextPendingJobExecutionRequest startNext(long minutes) {
            return StartNextPendingJobExecutionRequest.builder()
                    .thingName(THING)
                    .stepTimeoutInMinutes(minutes)
                    .build();
        }

        private UpdateJobExecutionRequest update(long minutes) {
            return UpdateJobExecutionRequest.builder()
                    .thingName(THING)
                    .jobId(JOB)
                    .status(JobStatus.IN_PROGRESS)
                    .stepTimeoutInMinutes(minutes)
                    .build();
        }
    }

    // ------------------------------------------------------------------------------ numbers and the status

    @Nested
    class NumbersAndStatus {
        @Test
        void executionNumberIsAtLeastOne() {
            assertThatCode(() -> Operation.DESCRIBE.validate(describe(b -> b.executionNumber(1)), LIMITS))
                    .doesNotThrowAnyException();
            assertThatCode(() ->
                            Operation.UPDATE.validate(update(JobStatus.SUCCEEDED, b -> b.executionNumber(7)), LIMITS))
                    .doesNotThrowAnyException();

            assertRejected(
                            () -> Operation.DESCRIBE.validate(describe(b -> b.executionNumber(0)), LIMITS),
                            "executionNumber")
                    .hasMessageContaining("at least 1");
            assertRejected(
                    () -> Operation.DESCRIBE.validate(describe(b -> b.executionNumber(-5)), LIMITS), "executionNumber");
            assertRejected(
                    () -> Operation.UPDATE.validate(update(JobStatus.SUCCEEDED, b -> b.executionNumber(0)), LIMITS),
                    "executionNumber");
        }

        @Test
        void expectedVersionIsAtLeastZero() {
            assertThatCode(() ->
                            Operation.UPDATE.validate(update(JobStatus.IN_PROGRESS, b -> b.expectedVersion(0)), LIMITS))
                    .doesNotThrowAnyException();
            assertThatCode(() -> Operation.UPDATE.validate(
                            update(JobStatus.IN_PROGRESS, b -> b.expectedVersion(Long.MAX_VALUE)), LIMITS))
                    .doesNotThrowAnyException();

            assertRejected(
                            () -> Operation.UPDATE.validate(
                                    update(JobStatus.IN_PROGRESS, b -> b.expectedVersion(-1)), LIMITS),
                            "expectedVersion")
                    .hasMessageContaining("at least 0");
        }

        @ParameterizedTest
        @EnumSource(
                value = JobStatus.class,
                names = {"IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED"})
        void deviceMaySetTheseStatuses(JobStatus status) {
            assertThatCode(() -> Operation.UPDATE.validate(update(status, b -> {}), LIMITS))
                    .doesNotThrowAnyException();
        }

        @ParameterizedTest
        @EnumSource(
                value = JobStatus.class,
                names = {"QUEUED", "CANCELED", "TIMED_OUT", "REMOVED", "UNKNOWN"})
        void deviceMayNotSetTheseStatuses(JobStatus status) {
            assertRejected(() -> Operation.UPDATE.validate(update(status, b -> {}), LIMITS), "status")
                    .hasMessageContaining(status.name());
        }

        @Test
        void nullStatusIsANullPointerException() {
            assertThatThrownBy(() -> Validation.deviceStatus(null))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("status");
        }

        private DescribeJobExecutionRequest describe(Consumer<DescribeJobExecutionRequest.Builder> fields) {
            DescribeJobExecutionRequest.Builder builder =
                    DescribeJobExecutionRequest.builder().thingName(THING).jobId(JOB);
            fields.accept(builder);
            return builder.build();
        }

        private UpdateJobExecutionRequest update(JobStatus status, Consumer<UpdateJobExecutionRequest.Builder> fields) {
            UpdateJobExecutionRequest.Builder builder = UpdateJobExecutionRequest.builder()
                    .thingName(THING)
                    .jobId(JOB)
                    .status(status);
            fields.accept(builder);
            return builder.build();
        }
    }

    // ---------------------------------------------------------------------------------------------- misc

    @Nested
    class RequestsAndLimits {
        @Test
        void nullRequestIsANullPointerException() {
            for (Operation<?, ?> operation : Operation.all()) {
                assertThatThrownBy(() -> operation.validate(null, LIMITS))
                        .isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("request");
            }
        }

        @Test
        void fullyPopulatedRequestsPass() {
            assertThatCode(() -> Operation.UPDATE.validate(
                            UpdateJobExecutionRequest.builder()
                                    .thingName(THING)
                                    .jobId(JOB)
                                    .status(JobStatus.FAILED)
                                    .statusDetails(Map.of("reason", "checksum"))
                                    .stepTimeoutInMinutes(-1)
                                    .expectedVersion(4)
                                    .executionNumber(2)
                                    .includeJobDocument(true)
                                    .includeJobExecutionState(true)
                                    .clientToken("c0ffee04")
                                    .build(),
                            LIMITS))
                    .doesNotThrowAnyException();
            assertThatCode(() -> Operation.DESCRIBE.validate(
                            DescribeJobExecutionRequest.builder()
                                    .thingName(THING)
                                    .jobId("$next")
                                    .executionNumber(3)
                                    .includeJobDocument(false)
                                    .clientToken("c0ffee03")
                                    .build(),
                            LIMITS))
                    .doesNotThrowAnyException();
        }

        @Test
        void limitsMustBePositive() {
            assertThatThrownBy(() -> LIMITS.withMaxStatusDetailsPairs(0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("maxStatusDetailsPairs:");
            assertThatThrownBy(() -> LIMITS.withMaxStatusDetailValueLength(-1))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("maxStatusDetailValueLength:");
            assertThatThrownBy(() -> LIMITS.withMaxClientTokenLength(0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("maxClientTokenLength:");
        }

        @Test
        void defaultLimitsAndCopies() {
            assertThat(LIMITS.maxStatusDetailsPairs()).isEqualTo(10);
            assertThat(LIMITS.maxStatusDetailValueLength()).isEqualTo(1024);
            assertThat(LIMITS.maxClientTokenLength()).isEqualTo(64);

            JobsLimits changed = LIMITS.withMaxStatusDetailsPairs(3).withMaxClientTokenLength(9);
            assertThat(changed.maxStatusDetailsPairs()).isEqualTo(3);
            assertThat(changed.maxStatusDetailValueLength()).isEqualTo(1024);
            assertThat(changed.maxClientTokenLength()).isEqualTo(9);
            assertThat(LIMITS.maxStatusDetailsPairs()).isEqualTo(10);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Validates the smallest request of the operation with this thing name and job id. */
    private static void validate(Operation<?, ?> operation, String thingName, String jobId) {
        operation.validate(cast(request(operation, thingName, jobId, null)), LIMITS);
    }

    private static JobsRequest request(Operation<?, ?> operation, String thingName, String jobId, String token) {
        if (operation == Operation.GET_PENDING) {
            GetPendingJobExecutionsRequest.Builder b =
                    GetPendingJobExecutionsRequest.builder().thingName(thingName);
            return token == null ? b.build() : b.clientToken(token).build();
        }
        if (operation == Operation.START_NEXT) {
            StartNextPendingJobExecutionRequest.Builder b =
                    StartNextPendingJobExecutionRequest.builder().thingName(thingName);
            return token == null ? b.build() : b.clientToken(token).build();
        }
        if (operation == Operation.DESCRIBE) {
            DescribeJobExecutionRequest.Builder b =
                    DescribeJobExecutionRequest.builder().thingName(thingName).jobId(jobId);
            return token == null ? b.build() : b.clientToken(token).build();
        }
        UpdateJobExecutionRequest.Builder b = UpdateJobExecutionRequest.builder()
                .thingName(thingName)
                .jobId(jobId)
                .status(JobStatus.IN_PROGRESS);
        return token == null ? b.build() : b.clientToken(token).build();
    }

    /** The request built for an operation has that operation's request type. */
    @SuppressWarnings("unchecked")
    private static <Q extends JobsRequest> Q cast(JobsRequest request) {
        return (Q) request;
    }

    /** Asserts an IllegalArgumentException whose message starts with the field name and a colon. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ThrowingCallable call, String field) {
        return assertThatThrownBy(call)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + ":");
    }
}
