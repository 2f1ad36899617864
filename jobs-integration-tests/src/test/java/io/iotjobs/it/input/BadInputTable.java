package io.iotjobs.it.input;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The rows of {@link BadInputIT}: one call with one bad argument each, and the exception it must throw at
 * once. The clients are connected; a row that wrongly went through would publish or subscribe, which the test
 * sees.
 */
final class BadInputTable {

    private static final Qos QOS = Qos.AT_LEAST_ONCE;
    private static final String THING = "bad-input-thing";
    private static final String JOB = "bad-input-job";

    /** Thing names the service forbids: each must be refused wherever a thing name goes. */
    static final List<String> BAD_THING_NAMES = List.of(
            "",
            "x".repeat(Validation.MAX_THING_NAME + 1),
            "a/b",
            "a+b",
            "a#b",
            "+",
            "#",
            "$aws",
            "a$b",
            "dev\u0000ice",
            "a b",
            " ",
            "dev\t1",
            "dev\n1",
            "caf\u00e9",
            "\u540d\u524d",
            "dev-\ud83d\ude00",
            "a.b",
            "a/jobs/get",
            "dev-\u00a0",
            "dev\u200b");

    /** Job ids the service forbids (everywhere; {@code $next} only outside DescribeJobExecution). */
    static final List<String> BAD_JOB_IDS = List.of(
            "",
            "j".repeat(Validation.MAX_JOB_ID + 1),
            "a/b",
            "a+b",
            "a#b",
            "+",
            "#",
            "$",
            "$NEXT",
            "$next2",
            "next$",
            "a$b",
            "job\u0000",
            "a b",
            " ",
            "job\t1",
            "job\n1",
            "caf\u00e9",
            "\u540d\u524d",
            "job-\ud83d\ude00",
            "a:b",
            "a.b",
            "job\u200b");

    private static final List<String> BAD_CLIENT_TOKENS = List.of(
            "",
            "t".repeat(65),
            "tok\u0000en",
            "tab\there",
            "line\nbreak",
            "del\u007f",
            "zero\u200bwidth",
            "lone\ud800surrogate",
            "unassigned\uffff");

    /** One call and what it must throw. */
    static final class Row {
        private final String name;
        private final Class<? extends RuntimeException> type;
        private final String field;
        private final ThrowingCallable call;
        private final boolean startsWithField;

        private Row(
                String name,
                Class<? extends RuntimeException> type,
                String field,
                ThrowingCallable call,
                boolean startsWithField) {
            this.name = name;
            this.type = type;
            this.field = field;
            this.call = call;
            this.startsWithField = startsWithField;
        }

        /**
         * Runs the call and records a failure unless it threw the expected exception (not a returned failed
         * future) with a message starting with the field name.
         *
         * @param softly collects failures, so that the report lists every bad row
         */
        void check(SoftAssertions softly) {
            Throwable thrown = null;
            try {
                call.call();
            } catch (Throwable t) {
                thrown = t;
            }
            if (thrown == null) {
                softly.fail("%s: returned normally (a failed future at best) instead of throwing at once", name);
                return;
            }
            softly.assertThat(thrown).as("%s: exception", name).isInstanceOf(type);
            if (startsWithField) {
                softly.assertThat(thrown.getMessage()).as("%s: message", name).startsWith(field);
            } else {
                softly.assertThat(thrown.getMessage()).as("%s: message", name).contains(field);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A call that receives a thing name. */
    private static final class ThingCall {
        final String name;
        final Function<String, ThrowingCallable> call;

        ThingCall(String name, Function<String, ThrowingCallable> call) {
            this.name = name;
            this.call = call;
        }
    }

    private final MqttConnection connection;
    private final IotJobsClient v1;
    private final IotJobsClientV2 v2;
    private final List<Row> rows = new ArrayList<>();

    /**
     * A table for two clients.
     *
     * @param connection the connection of the clients (builders of further clients are made on it, never built)
     * @param v1 the V1 client
     * @param v2 the V2 client
     */
    BadInputTable(MqttConnection connection, IotJobsClient v1, IotJobsClientV2 v2) {
        this.connection = connection;
        this.v1 = v1;
        this.v2 = v2;
    }

    /**
     * Every row.
     *
     * @return the rows, in a fixed order
     */
    List<Row> rows() {
        rows.clear();
        thingNames();
        jobIds();
        clientTokens();
        statusDetails();
        stepTimeouts();
        statuses();
        numbers();
        nulls();
        builders();
        settings();
        return List.copyOf(rows);
    }

    // --------------------------------------------------------------------------------- thing and job

    private void thingNames() {
        for (String bad : BAD_THING_NAMES) {
            for (ThingCall entry : thingCalls()) {
                iae(entry.name + " thingName=" + Validation.show(bad), "thingName", entry.call.apply(bad));
            }
        }
    }

    /** The 20 places a thing name goes: 4 V1 publishes, 4 V2 requests, 10 V1 subscriptions, 2 V2 streams. */
    private List<ThingCall> thingCalls() {
        List<ThingCall> calls = new ArrayList<>();
        calls.add(new ThingCall(
                "V1 publishGetPendingJobExecutions",
                t -> () -> v1.publishGetPendingJobExecutions(getPending(t, b -> {}), QOS)));
        calls.add(new ThingCall(
                "V1 publishStartNextPendingJobExecution",
                t -> () -> v1.publishStartNextPendingJobExecution(startNext(t, b -> {}), QOS)));
        calls.add(new ThingCall(
                "V1 publishDescribeJobExecution",
                t -> () -> v1.publishDescribeJobExecution(describe(t, JOB, b -> {}), QOS)));
        calls.add(new ThingCall(
                "V1 publishUpdateJobExecution", t -> () -> v1.publishUpdateJobExecution(update(t, JOB, b -> {}), QOS)));
        calls.add(new ThingCall(
                "V2 getPendingJobExecutions", t -> () -> v2.getPendingJobExecutions(getPending(t, b -> {}))));
        calls.add(new ThingCall(
                "V2 startNextPendingJobExecution", t -> () -> v2.startNextPendingJobExecution(startNext(t, b -> {}))));
        calls.add(new ThingCall(
                "V2 describeJobExecution", t -> () -> v2.describeJobExecution(describe(t, JOB, b -> {}))));
        calls.add(new ThingCall("V2 updateJobExecution", t -> () -> v2.updateJobExecution(update(t, JOB, b -> {}))));
        calls.add(new ThingCall(
                "V1 subscribeToGetPendingJobExecutionsAccepted",
                t -> () -> v1.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(t), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToGetPendingJobExecutionsRejected",
                t -> () -> v1.subscribeToGetPendingJobExecutionsRejected(getPendingSub(t), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToStartNextPendingJobExecutionAccepted",
                t -> () -> v1.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(t), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToStartNextPendingJobExecutionRejected",
                t -> () -> v1.subscribeToStartNextPendingJobExecutionRejected(startNextSub(t), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToDescribeJobExecutionAccepted",
                t -> () -> v1.subscribeToDescribeJobExecutionAccepted(describeSub(t, null), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToDescribeJobExecutionRejected",
                t -> () -> v1.subscribeToDescribeJobExecutionRejected(describeSub(t, JOB), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToUpdateJobExecutionAccepted",
                t -> () -> v1.subscribeToUpdateJobExecutionAccepted(updateSub(t, JOB), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToUpdateJobExecutionRejected",
                t -> () -> v1.subscribeToUpdateJobExecutionRejected(updateSub(t, null), QOS, r -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToJobExecutionsChangedEvents",
                t -> () -> v1.subscribeToJobExecutionsChangedEvents(notifySub(t), QOS, e -> {})));
        calls.add(new ThingCall(
                "V1 subscribeToNextJobExecutionChangedEvents",
                t -> () -> v1.subscribeToNextJobExecutionChangedEvents(notifyNextSub(t), QOS, e -> {})));
        calls.add(new ThingCall(
                "V2 createJobExecutionsChangedStream",
                t -> () -> v2.createJobExecutionsChangedStream(notifySub(t), ServiceStreamOptions.of(e -> {}))));
        calls.add(new ThingCall(
                "V2 createNextJobExecutionChangedStream",
                t -> () -> v2.createNextJobExecutionChangedStream(notifyNextSub(t), ServiceStreamOptions.of(e -> {}))));
        return calls;
    }

    private void jobIds() {
        for (String bad : BAD_JOB_IDS) {
            String shown = " jobId=" + Validation.show(bad);
            iae(
                    "V1 publishDescribeJobExecution" + shown,
                    "jobId",
                    () -> v1.publishDescribeJobExecution(describe(THING, bad, b -> {}), QOS));
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "jobId",
                    () -> v1.publishUpdateJobExecution(update(THING, bad, b -> {}), QOS));
            iae(
                    "V2 describeJobExecution" + shown,
                    "jobId",
                    () -> v2.describeJobExecution(describe(THING, bad, b -> {})));
            iae("V2 updateJobExecution" + shown, "jobId", () -> v2.updateJobExecution(update(THING, bad, b -> {})));
            iae(
                    "V1 subscribeToDescribeJobExecutionAccepted" + shown,
                    "jobId",
                    () -> v1.subscribeToDescribeJobExecutionAccepted(describeSub(THING, bad), QOS, r -> {}));
            iae(
                    "V1 subscribeToDescribeJobExecutionRejected" + shown,
                    "jobId",
                    () -> v1.subscribeToDescribeJobExecutionRejected(describeSub(THING, bad), QOS, r -> {}));
            iae(
                    "V1 subscribeToUpdateJobExecutionAccepted" + shown,
                    "jobId",
                    () -> v1.subscribeToUpdateJobExecutionAccepted(updateSub(THING, bad), QOS, r -> {}));
            iae(
                    "V1 subscribeToUpdateJobExecutionRejected" + shown,
                    "jobId",
                    () -> v1.subscribeToUpdateJobExecutionRejected(updateSub(THING, bad), QOS, r -> {}));
        }
        // $next is DescribeJobExecution's alias only
        String next = DescribeJobExecutionRequest.NEXT;
        iae(
                "V1 publishUpdateJobExecution jobId=$next",
                "jobId",
                () -> v1.publishUpdateJobExecution(update(THING, next, b -> {}), QOS));
        iae("V2 updateJobExecution jobId=$next", "jobId", () -> v2.updateJobExecution(update(THING, next, b -> {})));
        iae(
                "V1 subscribeToUpdateJobExecutionAccepted jobId=$next",
                "jobId",
                () -> v1.subscribeToUpdateJobExecutionAccepted(updateSub(THING, next), QOS, r -> {}));
        iae(
                "V1 subscribeToUpdateJobExecutionRejected jobId=$next",
                "jobId",
                () -> v1.subscribeToUpdateJobExecutionRejected(updateSub(THING, next), QOS, r -> {}));
    }

    // ------------------------------------------------------------------------------- request fields

    private void clientTokens() {
        for (String bad : BAD_CLIENT_TOKENS) {
            String shown = " clientToken=" + Validation.show(bad);
            forEachRequest(
                    shown,
                    "clientToken",
                    b -> b.clientToken(bad),
                    b -> b.clientToken(bad),
                    b -> b.clientToken(bad),
                    b -> b.clientToken(bad));
        }
    }

    private void statusDetails() {
        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("k" + i, "v");
        }
        bad.put("11 pairs", eleven);
        bad.put("empty key", Map.of("", "v"));
        bad.put("key of 129", Map.of("k".repeat(129), "v"));
        bad.put("key with space", Map.of("a b", "v"));
        bad.put("key with slash", Map.of("a/b", "v"));
        bad.put("key with dot", Map.of("a.b", "v"));
        bad.put("non-ASCII key", Map.of("schl\u00fcssel", "v"));
        bad.put("key with NUL", Map.of("k\u0000", "v"));
        bad.put("empty value", Map.of("k", ""));
        bad.put("value of 1025", Map.of("k", "v".repeat(1025)));
        bad.put("value with newline", Map.of("k", "line\nbreak"));
        bad.put("value with NUL", Map.of("k", "nul\u0000"));
        bad.put("value with BEL", Map.of("k", "bell\u0007"));
        bad.put("value with DEL", Map.of("k", "del\u007f"));
        bad.put("value with C1 control", Map.of("k", "c1\u0085"));
        bad.put("value with zero-width space", Map.of("k", "zero\u200bwidth"));
        bad.put("value with unassigned code point", Map.of("k", "\uffff"));
        bad.put("value with lone surrogate", Map.of("k", "lone\udc00"));
        bad.forEach((what, details) -> {
            String shown = " statusDetails " + what;
            iae(
                    "V1 publishStartNextPendingJobExecution" + shown,
                    "statusDetails",
                    () -> v1.publishStartNextPendingJobExecution(startNext(THING, b -> b.statusDetails(details)), QOS));
            iae(
                    "V2 startNextPendingJobExecution" + shown,
                    "statusDetails",
                    () -> v2.startNextPendingJobExecution(startNext(THING, b -> b.statusDetails(details))));
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "statusDetails",
                    () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> b.statusDetails(details)), QOS));
            iae(
                    "V2 updateJobExecution" + shown,
                    "statusDetails",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> b.statusDetails(details))));
        });
    }

    private void stepTimeouts() {
        for (long minutes : new long[] {0, -1, -2, 10081, Long.MIN_VALUE, Long.MAX_VALUE}) {
            String shown = " stepTimeoutInMinutes=" + minutes;
            iae(
                    "V1 publishStartNextPendingJobExecution" + shown,
                    "stepTimeoutInMinutes",
                    () -> v1.publishStartNextPendingJobExecution(
                            startNext(THING, b -> b.stepTimeoutInMinutes(minutes)), QOS));
            iae(
                    "V2 startNextPendingJobExecution" + shown,
                    "stepTimeoutInMinutes",
                    () -> v2.startNextPendingJobExecution(startNext(THING, b -> b.stepTimeoutInMinutes(minutes))));
        }
        // -1 (cancel the step timer) is valid on UpdateJobExecution only
        for (long minutes : new long[] {0, -2, 10081, Long.MIN_VALUE, Long.MAX_VALUE}) {
            String shown = " stepTimeoutInMinutes=" + minutes;
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "stepTimeoutInMinutes",
                    () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> b.stepTimeoutInMinutes(minutes)), QOS));
            iae(
                    "V2 updateJobExecution" + shown,
                    "stepTimeoutInMinutes",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> b.stepTimeoutInMinutes(minutes))));
        }
    }

    private void statuses() {
        for (JobStatus status : JobStatus.values()) {
            if (status.isSettableByDevice()) {
                continue;
            }
            String shown = " status=" + status;
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "status",
                    () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> b.status(status)), QOS));
            iae(
                    "V2 updateJobExecution" + shown,
                    "status",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> b.status(status))));
        }
    }

    private void numbers() {
        for (long number : new long[] {0, -1, Long.MIN_VALUE}) {
            String shown = " executionNumber=" + number;
            iae(
                    "V1 publishDescribeJobExecution" + shown,
                    "executionNumber",
                    () -> v1.publishDescribeJobExecution(describe(THING, JOB, b -> b.executionNumber(number)), QOS));
            iae(
                    "V2 describeJobExecution" + shown,
                    "executionNumber",
                    () -> v2.describeJobExecution(describe(THING, JOB, b -> b.executionNumber(number))));
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "executionNumber",
                    () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> b.executionNumber(number)), QOS));
            iae(
                    "V2 updateJobExecution" + shown,
                    "executionNumber",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> b.executionNumber(number))));
        }
        for (long version : new long[] {-1, Long.MIN_VALUE}) {
            String shown = " expectedVersion=" + version;
            iae(
                    "V1 publishUpdateJobExecution" + shown,
                    "expectedVersion",
                    () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> b.expectedVersion(version)), QOS));
            iae(
                    "V2 updateJobExecution" + shown,
                    "expectedVersion",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> b.expectedVersion(version))));
        }
    }

    // ------------------------------------------------------------------------ nulls and other arguments

    private void nulls() {
        npe(
                "V1 publishGetPendingJobExecutions request=null",
                "request",
                () -> v1.publishGetPendingJobExecutions(null, QOS));
        npe(
                "V1 publishStartNextPendingJobExecution request=null",
                "request",
                () -> v1.publishStartNextPendingJobExecution(null, QOS));
        npe("V1 publishDescribeJobExecution request=null", "request", () -> v1.publishDescribeJobExecution(null, QOS));
        npe("V1 publishUpdateJobExecution request=null", "request", () -> v1.publishUpdateJobExecution(null, QOS));
        npe("V2 getPendingJobExecutions request=null", "request", () -> v2.getPendingJobExecutions(null));
        npe("V2 startNextPendingJobExecution request=null", "request", () -> v2.startNextPendingJobExecution(null));
        npe("V2 describeJobExecution request=null", "request", () -> v2.describeJobExecution(null));
        npe("V2 updateJobExecution request=null", "request", () -> v2.updateJobExecution(null));
        npe(
                "V2 getPendingJobExecutions(request, timeout) request=null",
                "request",
                () -> v2.getPendingJobExecutions(null, Duration.ofSeconds(1)));

        npe(
                "V1 publishGetPendingJobExecutions qos=null",
                "qos",
                () -> v1.publishGetPendingJobExecutions(getPending(THING, b -> {}), null));
        npe(
                "V1 publishStartNextPendingJobExecution qos=null",
                "qos",
                () -> v1.publishStartNextPendingJobExecution(startNext(THING, b -> {}), null));
        npe(
                "V1 publishDescribeJobExecution qos=null",
                "qos",
                () -> v1.publishDescribeJobExecution(describe(THING, JOB, b -> {}), null));
        npe(
                "V1 publishUpdateJobExecution qos=null",
                "qos",
                () -> v1.publishUpdateJobExecution(update(THING, JOB, b -> {}), null));

        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
            String shown = " timeout=" + bad;
            iae(
                    "V2 getPendingJobExecutions" + shown,
                    "timeout",
                    () -> v2.getPendingJobExecutions(getPending(THING, b -> {}), bad));
            iae(
                    "V2 startNextPendingJobExecution" + shown,
                    "timeout",
                    () -> v2.startNextPendingJobExecution(startNext(THING, b -> {}), bad));
            iae(
                    "V2 describeJobExecution" + shown,
                    "timeout",
                    () -> v2.describeJobExecution(describe(THING, JOB, b -> {}), bad));
            iae(
                    "V2 updateJobExecution" + shown,
                    "timeout",
                    () -> v2.updateJobExecution(update(THING, JOB, b -> {}), bad));
        }

        subscriptionNulls();

        npe(
                "V2 createJobExecutionsChangedStream request=null",
                "request",
                () -> v2.createJobExecutionsChangedStream(null, ServiceStreamOptions.of(e -> {})));
        npe(
                "V2 createNextJobExecutionChangedStream request=null",
                "request",
                () -> v2.createNextJobExecutionChangedStream(null, ServiceStreamOptions.of(e -> {})));
        npe(
                "V2 createJobExecutionsChangedStream options=null",
                "options",
                () -> v2.createJobExecutionsChangedStream(notifySub(THING), null));
        npe(
                "V2 createNextJobExecutionChangedStream options=null",
                "options",
                () -> v2.createNextJobExecutionChangedStream(notifyNextSub(THING), null));
        npe("ServiceStreamOptions.builder(null)", "incomingEventListener", () -> ServiceStreamOptions.builder(null));
        npe(
                "ServiceStreamOptions subscriptionStatusListener(null)",
                "subscriptionStatusListener",
                () -> ServiceStreamOptions.builder(e -> {}).subscriptionStatusListener(null));
        npe(
                "ServiceStreamOptions deserializationFailureListener(null)",
                "deserializationFailureListener",
                () -> ServiceStreamOptions.builder(e -> {}).deserializationFailureListener(null));
    }

    /** The ten V1 subscriptions, each with a null request, QoS, callback and decode-failure handler. */
    private void subscriptionNulls() {
        Map<String, Function<Object[], ThrowingCallable>> subscribe = new LinkedHashMap<>();
        subscribe.put("subscribeToGetPendingJobExecutionsAccepted", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToGetPendingJobExecutionsAccepted(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToGetPendingJobExecutionsAccepted(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToGetPendingJobExecutionsRejected", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToGetPendingJobExecutionsRejected(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToGetPendingJobExecutionsRejected(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToStartNextPendingJobExecutionAccepted", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToStartNextPendingJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToStartNextPendingJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToStartNextPendingJobExecutionRejected", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToStartNextPendingJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToStartNextPendingJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToDescribeJobExecutionAccepted", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToDescribeJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToDescribeJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToDescribeJobExecutionRejected", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToDescribeJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToDescribeJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToUpdateJobExecutionAccepted", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToUpdateJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToUpdateJobExecutionAccepted(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToUpdateJobExecutionRejected", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToUpdateJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToUpdateJobExecutionRejected(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToJobExecutionsChangedEvents", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToJobExecutionsChangedEvents(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToJobExecutionsChangedEvents(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        subscribe.put("subscribeToNextJobExecutionChangedEvents", a -> () -> {
            if (a.length == 3) {
                v1.subscribeToNextJobExecutionChangedEvents(cast(a[0]), cast(a[1]), cast(a[2]));
            } else {
                v1.subscribeToNextJobExecutionChangedEvents(cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]));
            }
        });
        Map<String, Object> requests = new HashMap<>();
        requests.put("subscribeToGetPendingJobExecutionsAccepted", getPendingSub(THING));
        requests.put("subscribeToGetPendingJobExecutionsRejected", getPendingSub(THING));
        requests.put("subscribeToStartNextPendingJobExecutionAccepted", startNextSub(THING));
        requests.put("subscribeToStartNextPendingJobExecutionRejected", startNextSub(THING));
        requests.put("subscribeToDescribeJobExecutionAccepted", describeSub(THING, JOB));
        requests.put("subscribeToDescribeJobExecutionRejected", describeSub(THING, null));
        requests.put("subscribeToUpdateJobExecutionAccepted", updateSub(THING, null));
        requests.put("subscribeToUpdateJobExecutionRejected", updateSub(THING, JOB));
        requests.put("subscribeToJobExecutionsChangedEvents", notifySub(THING));
        requests.put("subscribeToNextJobExecutionChangedEvents", notifyNextSub(THING));
        Consumer<Object> callback = x -> {};
        Consumer<Object> onFailure = x -> {};
        subscribe.forEach((method, call) -> {
            Object request = Objects.requireNonNull(requests.get(method));
            String v1Name = "V1 " + method;
            npe(v1Name + " request=null", "request", call.apply(new Object[] {null, QOS, callback}));
            npe(v1Name + " qos=null", "qos", call.apply(new Object[] {request, null, callback}));
            npe(v1Name + " callback=null", "callback", call.apply(new Object[] {request, QOS, null}));
            npe(v1Name + " onDecodeFailure=null", "onDecodeFailure", call.apply(new Object[] {
                request, QOS, callback, null
            }));
            npe(v1Name + "(with onDecodeFailure) request=null", "request", call.apply(new Object[] {
                null, QOS, callback, onFailure
            }));
            npe(v1Name + "(with onDecodeFailure) callback=null", "callback", call.apply(new Object[] {
                request, QOS, null, onFailure
            }));
        });
    }

    /** Nulls and missing values caught by the model's builders, before a client sees the request. */
    private void builders() {
        npe(
                "GetPendingJobExecutionsRequest thingName(null)",
                "thingName",
                () -> GetPendingJobExecutionsRequest.builder().thingName(null));
        npe(
                "DescribeJobExecutionRequest jobId(null)",
                "jobId",
                () -> DescribeJobExecutionRequest.builder().thingName(THING).jobId(null));
        npe(
                "UpdateJobExecutionRequest status(null)",
                "status",
                () -> UpdateJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(JOB)
                        .status(null));
        npe(
                "UpdateJobExecutionRequest clientToken(null)",
                "clientToken",
                () -> UpdateJobExecutionRequest.builder().clientToken((String) null));
        npe(
                "StartNextPendingJobExecutionRequest statusDetails(null)",
                "statusDetails",
                () -> StartNextPendingJobExecutionRequest.builder().statusDetails((Map<String, String>) null));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        npe(
                "StartNextPendingJobExecutionRequest statusDetails null key",
                "statusDetails",
                () -> startNext(THING, b -> b.statusDetails(nullKey)));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        npe(
                "UpdateJobExecutionRequest statusDetails null value",
                "statusDetails.k",
                () -> update(THING, JOB, b -> b.statusDetails(nullValue)));
        npe(
                "GetPendingJobExecutionsSubscriptionRequest thingName(null)",
                "thingName",
                () -> GetPendingJobExecutionsSubscriptionRequest.builder().thingName(null));
        npe(
                "UpdateJobExecutionSubscriptionRequest jobId(null)",
                "jobId",
                () -> UpdateJobExecutionSubscriptionRequest.builder().jobId((String) null));
        // a required attribute left out: the builder names it, in brackets after its own text
        missing(
                "UpdateJobExecutionRequest without status",
                "[status]",
                () -> UpdateJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(JOB)
                        .build());
        missing(
                "DescribeJobExecutionRequest without jobId",
                "[jobId]",
                () -> DescribeJobExecutionRequest.builder().thingName(THING).build());
        missing(
                "GetPendingJobExecutionsRequest without thingName",
                "[thingName]",
                () -> GetPendingJobExecutionsRequest.builder().build());
        missing(
                "NextJobExecutionChangedSubscriptionRequest without thingName",
                "[thingName]",
                () -> NextJobExecutionChangedSubscriptionRequest.builder().build());
    }

    /** The V2 client's own settings. */
    private void settings() {
        IotJobsClientV2.Builder builder = IotJobsClientV2.builder(connection);
        iae("IotJobsClientV2 operationTimeout(0)", "operationTimeout", () -> builder.operationTimeout(Duration.ZERO));
        npe("IotJobsClientV2 operationTimeout(null)", "operationTimeout", () -> builder.operationTimeout(null));
        iae("IotJobsClientV2 subscriptionBudget(0)", "subscriptionBudget", () -> builder.subscriptionBudget(0));
        iae(
                "IotJobsClientV2 subscriptionLinger(-1 s)",
                "subscriptionLinger",
                () -> builder.subscriptionLinger(Duration.ofSeconds(-1)));
        npe("IotJobsClientV2 executor(null)", "executor", () -> builder.executor(null));
        npe("IotJobsClientV2 limits(null)", "limits", () -> builder.limits(null));
        npe("IotJobsClientV2.builder(null)", "connection", () -> IotJobsClientV2.builder(null));
        npe("IotJobsClient.builder(null)", "connection", () -> IotJobsClient.builder(null));
    }

    // ------------------------------------------------------------------------------------- helpers

    /** One row per request method of both clients (8), each request changed by its operation's consumer. */
    private void forEachRequest(
            String shown,
            String field,
            Consumer<GetPendingJobExecutionsRequest.Builder> getPending,
            Consumer<StartNextPendingJobExecutionRequest.Builder> startNext,
            Consumer<DescribeJobExecutionRequest.Builder> describe,
            Consumer<UpdateJobExecutionRequest.Builder> update) {
        iae(
                "V1 publishGetPendingJobExecutions" + shown,
                field,
                () -> v1.publishGetPendingJobExecutions(getPending(THING, getPending), QOS));
        iae(
                "V1 publishStartNextPendingJobExecution" + shown,
                field,
                () -> v1.publishStartNextPendingJobExecution(startNext(THING, startNext), QOS));
        iae(
                "V1 publishDescribeJobExecution" + shown,
                field,
                () -> v1.publishDescribeJobExecution(describe(THING, JOB, describe), QOS));
        iae(
                "V1 publishUpdateJobExecution" + shown,
                field,
                () -> v1.publishUpdateJobExecution(update(THING, JOB, update), QOS));
        iae(
                "V2 getPendingJobExecutions" + shown,
                field,
                () -> v2.getPendingJobExecutions(getPending(THING, getPending)));
        iae(
                "V2 startNextPendingJobExecution" + shown,
                field,
                () -> v2.startNextPendingJobExecution(startNext(THING, startNext)));
        iae("V2 describeJobExecution" + shown, field, () -> v2.describeJobExecution(describe(THING, JOB, describe)));
        iae("V2 updateJobExecution" + shown, field, () -> v2.updateJobExecution(update(THING, JOB, update)));
    }

    private void iae(String name, String field, ThrowingCallable call) {
        rows.add(new Row(name, IllegalArgumentException.class, field, call, true));
    }

    private void npe(String name, String field, ThrowingCallable call) {
        rows.add(new Row(name, NullPointerException.class, field, call, true));
    }

    private void missing(String name, String field, ThrowingCallable call) {
        rows.add(new Row(name, IllegalArgumentException.class, field, call, false));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static GetPendingJobExecutionsRequest getPending(
            String thing, Consumer<GetPendingJobExecutionsRequest.Builder> change) {
        GetPendingJobExecutionsRequest.Builder b = GetPendingJobExecutionsRequest.builder();
        b.thingName(thing);
        change.accept(b);
        return b.build();
    }

    private static StartNextPendingJobExecutionRequest startNext(
            String thing, Consumer<StartNextPendingJobExecutionRequest.Builder> change) {
        StartNextPendingJobExecutionRequest.Builder b = StartNextPendingJobExecutionRequest.builder();
        b.thingName(thing);
        change.accept(b);
        return b.build();
    }

    private static DescribeJobExecutionRequest describe(
            String thing, String jobId, Consumer<DescribeJobExecutionRequest.Builder> change) {
        DescribeJobExecutionRequest.Builder b = DescribeJobExecutionRequest.builder();
        b.thingName(thing).jobId(jobId);
        change.accept(b);
        return b.build();
    }

    private static UpdateJobExecutionRequest update(
            String thing, String jobId, Consumer<UpdateJobExecutionRequest.Builder> change) {
        UpdateJobExecutionRequest.Builder b = UpdateJobExecutionRequest.builder();
        b.thingName(thing).jobId(jobId).status(JobStatus.IN_PROGRESS);
        change.accept(b);
        return b.build();
    }

    private static GetPendingJobExecutionsSubscriptionRequest getPendingSub(String thing) {
        return GetPendingJobExecutionsSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private static StartNextPendingJobExecutionSubscriptionRequest startNextSub(String thing) {
        return StartNextPendingJobExecutionSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private static DescribeJobExecutionSubscriptionRequest describeSub(String thing, String jobId) {
        DescribeJobExecutionSubscriptionRequest.Builder b = DescribeJobExecutionSubscriptionRequest.builder();
        b.thingName(thing);
        if (jobId != null) {
            b.jobId(jobId);
        }
        return b.build();
    }

    private static UpdateJobExecutionSubscriptionRequest updateSub(String thing, String jobId) {
        UpdateJobExecutionSubscriptionRequest.Builder b = UpdateJobExecutionSubscriptionRequest.builder();
        b.thingName(thing);
        if (jobId != null) {
            b.jobId(jobId);
        }
        return b.build();
    }

    private static JobExecutionsChangedSubscriptionRequest notifySub(String thing) {
        return JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private static NextJobExecutionChangedSubscriptionRequest notifyNextSub(String thing) {
        return NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }
}
