package io.iotjobs.it.fuzz;

import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionResponse;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Fuzzes every client-side decoder: {@code JobsJson.decode} for the four accepted replies, the rejection and
 * the two events, with mutated golden samples and made-up payloads (see {@link JsonFuzzer}).
 *
 * <p>What it proves: whatever arrives on a reply or event topic, the client gets either a decoded value or a
 * {@code JobsDecodeException} naming the topic and carrying the payload (which the clients hand to the
 * decode-failure listener), never another exception on its delivery path, never a hang or a stack overflow;
 * and {@code peekClientToken}, which the request engine uses to route undecodable replies, never throws. Each
 * property runs {@code iotjobs.fuzz.tries} cases (default 10,000) and fails if the cases were degenerate (too
 * few values or too few failures).
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class ReplyDecoderFuzzTest {

    private static final Bounded BOUNDED = new Bounded();

    @AfterContainer
    static void stopWorker() {
        BOUNDED.close();
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void getPendingAccepted(@ForAll("getPendingAcceptedPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/get/accepted", GetPendingJobExecutionsResponse.class);
    }

    @Provide
    Arbitrary<FuzzInput> getPendingAcceptedPayloads() {
        return JsonFuzzer.around("get-pending-accepted.json", "get-pending-accepted-empty.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void startNextAccepted(@ForAll("startNextAcceptedPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/start-next/accepted", StartNextJobExecutionResponse.class);
    }

    @Provide
    Arbitrary<FuzzInput> startNextAcceptedPayloads() {
        return JsonFuzzer.around(
                "start-next-accepted.json",
                "start-next-accepted-exact-document.json",
                "start-next-accepted-nothing-pending.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void describeAccepted(@ForAll("describeAcceptedPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/fw-17/get/accepted", DescribeJobExecutionResponse.class);
    }

    @Provide
    Arbitrary<FuzzInput> describeAcceptedPayloads() {
        return JsonFuzzer.around(
                "describe-accepted.json",
                "describe-accepted-fractional-timestamps.json",
                "describe-accepted-next-empty.json",
                "describe-accepted-unknown-fields.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void updateAccepted(@ForAll("updateAcceptedPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/fw-17/update/accepted", UpdateJobExecutionResponse.class);
    }

    @Provide
    Arbitrary<FuzzInput> updateAcceptedPayloads() {
        return JsonFuzzer.around(
                "update-accepted-with-state-and-document.json",
                "update-accepted-minimal.json",
                "update-accepted-no-token.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void rejected(@ForAll("rejectedPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/fw-17/update/rejected", RejectedError.class);
    }

    @Provide
    Arbitrary<FuzzInput> rejectedPayloads() {
        return JsonFuzzer.around(
                "update-rejected-version-mismatch.json",
                "update-rejected-invalid-state-transition.json",
                "describe-rejected-resource-not-found.json",
                "rejected-invalid-json-no-token.json",
                "rejected-unknown-code.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void jobExecutionsChanged(@ForAll("notifyPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/notify", JobExecutionsChangedEvent.class);
    }

    @Provide
    Arbitrary<FuzzInput> notifyPayloads() {
        return JsonFuzzer.around("notify.json", "notify-empty.json", "notify-unknown-status-key.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void nextJobExecutionChanged(@ForAll("notifyNextPayloads") FuzzInput input) {
        decode(input, "$aws/things/dev-42/jobs/notify-next", NextJobExecutionChangedEvent.class);
    }

    @Provide
    Arbitrary<FuzzInput> notifyNextPayloads() {
        return JsonFuzzer.around("notify-next.json", "notify-next-empty.json", "notify-next-unknown-status.json");
    }

    private static <T> void decode(FuzzInput input, String topic, Class<T> type) {
        byte[] payload = input.payload();
        DecoderCheck.check(BOUNDED, input, topic, type, () -> {
            try {
                JobsJson.peekClientToken(payload);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("peekClientToken threw", e);
            }
            return JobsJson.decode(topic, payload, type);
        });
        DecoderCheck.requireVariety();
    }
}
