package io.iotjobs.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.testkit.JobsServiceEngine;
import io.iotjobs.internal.testkit.ManualServiceClock;
import io.iotjobs.internal.testkit.ServiceConfig;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the local service's whole request path: a {@link JobsServiceEngine} on an in-memory broker receives
 * fuzzed payloads on the request topics of all four operations (job id segments valid, unknown, {@code $next}
 * or malformed), published by a raw device connection, one at a time.
 *
 * <p>What it proves: the service answers every request with exactly one reply on the request's
 * {@code /accepted} or {@code /rejected} topic; the reply decodes; a rejection is InvalidJson or
 * InvalidRequest for a bad payload, or one of the operation's own outcomes (ResourceNotFound,
 * InvalidStateTransition, VersionMismatch) for a well-formed one, never InternalError or silence; an
 * InvalidJson rejection has no client token and an accepted reply echoes the request's token. After the run
 * the service is still responsive (a valid GetPending and Describe get their accepted replies), no stray
 * reply is left over, and its state is intact (the thing still has its 20 executions). Runs
 * {@code iotjobs.fuzz.tries} requests (default 10,000).
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class ServiceRequestFuzzTest {

    private static final String THING = "fuzz-thing";
    private static final int JOBS = 20;
    private static final Duration REPLY_LIMIT = Duration.ofSeconds(20);
    private static final Set<RejectedErrorCode> ALLOWED = EnumSet.of(
            RejectedErrorCode.INVALID_JSON,
            RejectedErrorCode.INVALID_REQUEST,
            RejectedErrorCode.RESOURCE_NOT_FOUND,
            RejectedErrorCode.INVALID_STATE_TRANSITION,
            RejectedErrorCode.VERSION_MISMATCH);
    private static final List<String> JOB_SEGMENTS = jobSegments();

    /** A received message. */
    private static final class Message {
        final String topic;
        final byte[] payload;

        Message(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }
    }

    /** One fuzz request: the topic it goes to and the payload. */
    static final class Request {
        final Operation<?, ?> operation;
        final String jobId;
        final FuzzInput input;

        Request(Operation<?, ?> operation, String jobId, FuzzInput input) {
            this.operation = operation;
            this.jobId = jobId;
            this.input = input;
        }

        String topic() {
            return "$aws/things/" + THING + "/jobs/" + (jobId == null ? "" : jobId + "/") + operation.suffix();
        }

        @Override
        public String toString() {
            return topic() + " <- " + input;
        }
    }

    private InMemoryBroker broker;
    private JobsServiceEngine engine;
    private InMemoryBroker.Client device;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    @BeforeProperty
    void startService() {
        broker = new InMemoryBroker();
        InMemoryBroker.Client serviceClient = broker.connect("fuzz-service");
        engine = new JobsServiceEngine(
                serviceClient, new ManualServiceClock(Instant.ofEpochSecond(1_717_000_000L)), ServiceConfig.DEFAULT);
        engine.start().join();
        for (int i = 0; i < JOBS; i++) {
            engine.control().createJob(jobId(i), JobDocument.of(Map.of("step", i)), List.of(THING), Optional.empty());
        }
        device = broker.connect("fuzz-device");
        device.subscribe(
                        "$aws/things/" + THING + "/jobs/#",
                        SubscribeOptions.of(Qos.AT_LEAST_ONCE, true),
                        (topic, payload, qos) -> received.add(new Message(topic, payload)))
                .join();
    }

    @AfterProperty
    void stillResponsiveThenStop() {
        try {
            assertThat(received).as("replies nobody asked for").noneMatch(m -> isReply(m.topic));
            received.clear();
            Message pending = send(
                    Operation.GET_PENDING.name(),
                    "$aws/things/" + THING + "/jobs/get",
                    "{\"clientToken\":\"after-fuzz-1\"}");
            assertThat(pending.topic).endsWith("/get/accepted");
            assertThat(JobsJson.decode(pending.topic, pending.payload, GetPendingJobExecutionsResponse.class)
                            .clientToken())
                    .contains("after-fuzz-1");
            Message describe = send(
                    Operation.DESCRIBE.name(),
                    "$aws/things/" + THING + "/jobs/" + jobId(0) + "/get",
                    "{\"clientToken\":\"after-fuzz-2\",\"includeJobDocument\":true}");
            assertThat(describe.topic).endsWith("/get/accepted");
            DescribeJobExecutionResponse described =
                    JobsJson.decode(describe.topic, describe.payload, DescribeJobExecutionResponse.class);
            assertThat(described.clientToken()).contains("after-fuzz-2");
            assertThat(described.execution().map(JobExecutionData::jobId)).contains(jobId(0));
            assertThat(received).as("replies nobody asked for").noneMatch(m -> isReply(m.topic));
            assertThat(engine.control().executions().listJobExecutionsForThing(THING))
                    .hasSize(JOBS)
                    .allSatisfy(e -> assertThat(e.versionNumber().orElseThrow()).isPositive());
        } finally {
            engine.close();
            broker.close();
        }
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void everyRequestGetsOneReply(@ForAll("requests") Request request) {
        Message reply = send(request.toString(), request.topic(), request.input.payload());
        String base = request.topic();
        boolean accepted = reply.topic.equals(base + "/accepted");
        assertThat(accepted || reply.topic.equals(base + "/rejected"))
                .as("reply topic %s for %s", reply.topic, request)
                .isTrue();
        if (accepted) {
            JobsResponse response = decodeReply(request, reply, request.operation.responseType());
            JobsRequest decoded = decodeRequest(request);
            assertThat(response.clientToken())
                    .as("echoed token for %s", request)
                    .isEqualTo(decoded.clientToken());
            Statistics.label("reply").collect("accepted");
        } else {
            RejectedError rejection = decodeReply(request, reply, RejectedError.class);
            RejectedErrorCode code = rejection.code();
            assertThat(code).as("rejection code for %s: %s", request, rejection).isIn(ALLOWED);
            if (code == RejectedErrorCode.INVALID_JSON) {
                assertThat(rejection.clientToken())
                        .as("token of an InvalidJson rejection")
                        .isEmpty();
            }
            Statistics.label("reply").collect(code.name());
        }
        Statistics.label("reply").coverage(coverage -> {
            if (FuzzTries.tries() >= 1000) {
                coverage.check("accepted").percentage(p -> p >= 1.0);
                coverage.check(RejectedErrorCode.INVALID_JSON.name()).percentage(p -> p >= 1.0);
                coverage.check(RejectedErrorCode.INVALID_REQUEST.name()).percentage(p -> p >= 1.0);
            }
        });
    }

    @Provide
    Arbitrary<Request> requests() {
        JsonFuzzer getPending = JsonFuzzer.fuzzer("get-pending-request.json", "get-pending-request-empty.json");
        JsonFuzzer startNext = JsonFuzzer.fuzzer("start-next-request.json", "start-next-request-no-token.json");
        JsonFuzzer describe = JsonFuzzer.fuzzer("describe-request.json", "describe-request-empty.json");
        JsonFuzzer update = JsonFuzzer.fuzzer(
                "update-request.json",
                "update-request-no-token.json",
                "update-request-string-expected-version.json",
                "update-request-with-topic-parameters.json");
        return Arbitraries.randomValue((Random r) -> {
            switch (r.nextInt(4)) {
                case 0:
                    return new Request(Operation.GET_PENDING, null, getPending.next(r));
                case 1:
                    return new Request(Operation.START_NEXT, null, startNext.next(r));
                case 2:
                    return new Request(
                            Operation.DESCRIBE, JOB_SEGMENTS.get(r.nextInt(JOB_SEGMENTS.size())), describe.next(r));
                default:
                    return new Request(
                            Operation.UPDATE, JOB_SEGMENTS.get(r.nextInt(JOB_SEGMENTS.size())), update.next(r));
            }
        });
    }

    // --------------------------------------------------------------------------------------- helpers

    private Message send(String what, String topic, String payload) {
        return send(what, topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes and returns the next reply (events in between are skipped); fails after the limit. */
    private Message send(String what, String topic, byte[] payload) {
        device.publish(topic, payload, Qos.AT_LEAST_ONCE);
        long deadline = System.nanoTime() + REPLY_LIMIT.toNanos();
        while (true) {
            Message m;
            try {
                m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (m == null) {
                throw new AssertionError("the service did not answer within " + REPLY_LIMIT + ": " + what);
            }
            if (isReply(m.topic)) {
                return m;
            }
        }
    }

    private static boolean isReply(String topic) {
        return topic.endsWith("/accepted") || topic.endsWith("/rejected");
    }

    private static <T> T decodeReply(Request request, Message reply, Class<T> type) {
        try {
            return JobsJson.decode(reply.topic, reply.payload, type);
        } catch (JobsDecodeException e) {
            throw new AssertionError(
                    "the service's reply to " + request + " does not decode: "
                            + new String(reply.payload, StandardCharsets.UTF_8),
                    e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JobsRequest decodeRequest(Request request) {
        return JobsJson.decodeRequest(
                (Operation) request.operation, request.topic(), request.input.payload(), THING, request.jobId);
    }

    private static String jobId(int i) {
        return String.format("job-%02d", i);
    }

    private static List<String> jobSegments() {
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            segments.add(jobId(i));
        }
        segments.addAll(List.of(
                "$next",
                "unknown-job",
                "get",
                "update",
                "bad id",
                "caf\u00e9",
                "a:b",
                "$",
                "x".repeat(65),
                "job-00 ",
                "\u2028",
                "job.1"));
        return List.copyOf(segments);
    }
}
