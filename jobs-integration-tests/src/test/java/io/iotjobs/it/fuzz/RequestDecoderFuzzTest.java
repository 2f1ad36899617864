package io.iotjobs.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.JobsRequest;
import java.util.List;
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
 * Fuzzes the service's request parser: {@code JobsJson.decodeRequest} for each of the four operations, then
 * the operation's field rules ({@code Operation.validate}), exactly as the local service runs them on every
 * request it receives.
 *
 * <p>What it proves: any payload becomes either a request or a {@code JobsDecodeException} (which the service
 * answers with InvalidJson or InvalidRequest), never another exception; a decoded request either passes the
 * field rules or fails them with an {@code IllegalArgumentException} / {@code NullPointerException} whose
 * message starts with the field at fault (the text the InvalidRequest rejection carries); the topic's thing
 * name and job id always win over those in the payload. Each property runs {@code iotjobs.fuzz.tries} cases
 * (default 10,000).
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class RequestDecoderFuzzTest {

    private static final String THING = "dev-42";
    private static final String JOB = "fw-17";
    private static final List<String> FIELDS = List.of(
            "request",
            "thingName",
            "jobId",
            "clientToken",
            "status",
            "statusDetails",
            "stepTimeoutInMinutes",
            "expectedVersion",
            "executionNumber");
    private static final Bounded BOUNDED = new Bounded();

    @AfterContainer
    static void stopWorker() {
        BOUNDED.close();
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void getPending(@ForAll("getPendingPayloads") FuzzInput input) {
        decode(Operation.GET_PENDING, input, "$aws/things/dev-42/jobs/get", null);
    }

    @Provide
    Arbitrary<FuzzInput> getPendingPayloads() {
        return JsonFuzzer.around("get-pending-request.json", "get-pending-request-empty.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void startNext(@ForAll("startNextPayloads") FuzzInput input) {
        decode(Operation.START_NEXT, input, "$aws/things/dev-42/jobs/start-next", null);
    }

    @Provide
    Arbitrary<FuzzInput> startNextPayloads() {
        return JsonFuzzer.around("start-next-request.json", "start-next-request-no-token.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void describe(@ForAll("describePayloads") FuzzInput input) {
        decode(Operation.DESCRIBE, input, "$aws/things/dev-42/jobs/fw-17/get", JOB);
    }

    @Provide
    Arbitrary<FuzzInput> describePayloads() {
        return JsonFuzzer.around("describe-request.json", "describe-request-empty.json");
    }

    @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void update(@ForAll("updatePayloads") FuzzInput input) {
        decode(Operation.UPDATE, input, "$aws/things/dev-42/jobs/fw-17/update", JOB);
    }

    @Provide
    Arbitrary<FuzzInput> updatePayloads() {
        return JsonFuzzer.around(
                "update-request.json",
                "update-request-no-token.json",
                "update-request-string-expected-version.json",
                "update-request-with-topic-parameters.json");
    }

    private static <Q extends JobsRequest> void decode(
            Operation<Q, ?> operation, FuzzInput input, String topic, String jobId) {
        byte[] payload = input.payload();
        Q request = DecoderCheck.check(
                BOUNDED,
                input,
                topic,
                operation.requestType(),
                () -> JobsJson.decodeRequest(operation, topic, payload, THING, jobId));
        DecoderCheck.requireVariety();
        if (request == null) {
            return;
        }
        assertThat(request.thingName()).as("thing name of %s", input).isEqualTo(THING);
        assertThat(operation.jobIdOf(request)).as("job id of %s", input).isEqualTo(jobId);
        Bounded.Outcome validated = BOUNDED.run(
                () -> {
                    operation.validate(request, JobsLimits.DEFAULT);
                    return request;
                },
                input);
        Throwable thrown = validated.thrown;
        if (thrown != null) {
            if (!(thrown instanceof IllegalArgumentException || thrown instanceof NullPointerException)) {
                throw new AssertionError("validate threw " + thrown + " for " + input, thrown);
            }
            assertThat(thrown.getMessage())
                    .as("message of %s for %s", thrown, input)
                    .matches(message -> FIELDS.stream().anyMatch(message::startsWith), "starts with a field name");
        }
    }
}
