package io.iotjobs.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of the 14 Jobs topics: building, parsing, and topic filter matching. */
class TopicsTest {

    private static final String THING = "dev-42";
    private static final String JOB = "fw-17";

    /** The 14 topics of the protocol reference, section 1, spelled out literally. */
    private static final List<String> ALL_14 = List.of(
            "$aws/things/dev-42/jobs/get",
            "$aws/things/dev-42/jobs/get/accepted",
            "$aws/things/dev-42/jobs/get/rejected",
            "$aws/things/dev-42/jobs/start-next",
            "$aws/things/dev-42/jobs/start-next/accepted",
            "$aws/things/dev-42/jobs/start-next/rejected",
            "$aws/things/dev-42/jobs/fw-17/get",
            "$aws/things/dev-42/jobs/fw-17/get/accepted",
            "$aws/things/dev-42/jobs/fw-17/get/rejected",
            "$aws/things/dev-42/jobs/fw-17/update",
            "$aws/things/dev-42/jobs/fw-17/update/accepted",
            "$aws/things/dev-42/jobs/fw-17/update/rejected",
            "$aws/things/dev-42/jobs/notify",
            "$aws/things/dev-42/jobs/notify-next");

    // ------------------------------------------------------------------------------------------ building

    @Test
    void buildsAllFourteenTopics() {
        List<String> built = List.of(
                Operation.GET_PENDING.requestTopic(GetPendingJobExecutionsRequest.builder()
                        .thingName(THING)
                        .build()),
                Operation.GET_PENDING.replyTopic(THING, null, ReplyKind.ACCEPTED),
                Operation.GET_PENDING.replyTopic(THING, null, ReplyKind.REJECTED),
                Operation.START_NEXT.requestTopic(StartNextPendingJobExecutionRequest.builder()
                        .thingName(THING)
                        .build()),
                Operation.START_NEXT.replyTopic(THING, null, ReplyKind.ACCEPTED),
                Operation.START_NEXT.replyTopic(THING, null, ReplyKind.REJECTED),
                Operation.DESCRIBE.requestTopic(DescribeJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(JOB)
                        .build()),
                Operation.DESCRIBE.replyTopic(THING, JOB, ReplyKind.ACCEPTED),
                Operation.DESCRIBE.replyTopic(THING, JOB, ReplyKind.REJECTED),
                Operation.UPDATE.requestTopic(UpdateJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(JOB)
                        .status(JobStatus.IN_PROGRESS)
                        .build()),
                Operation.UPDATE.replyTopic(THING, JOB, ReplyKind.ACCEPTED),
                Operation.UPDATE.replyTopic(THING, JOB, ReplyKind.REJECTED),
                EventType.JOB_EXECUTIONS_CHANGED.topic(THING),
                EventType.NEXT_JOB_EXECUTION_CHANGED.topic(THING));

        assertThat(built).containsExactlyElementsOf(ALL_14);
    }

    @Test
    void describeOfNextKeepsTheLiteralAlias() {
        assertThat(Operation.DESCRIBE.requestTopic(DescribeJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(DescribeJobExecutionRequest.NEXT)
                        .build()))
                .isEqualTo("$aws/things/dev-42/jobs/$next/get");
        assertThat(Operation.DESCRIBE.replyTopic(THING, "$next", ReplyKind.ACCEPTED))
                .isEqualTo("$aws/things/dev-42/jobs/$next/get/accepted");
    }

    @Test
    void operationsWithoutJobIdIgnoreOne() {
        assertThat(Operation.GET_PENDING.replyTopic(THING, JOB, ReplyKind.ACCEPTED))
                .isEqualTo("$aws/things/dev-42/jobs/get/accepted");
        assertThat(Operation.START_NEXT.replyFilter(THING, JOB)).isEqualTo("$aws/things/dev-42/jobs/start-next/+");
    }

    @Test
    void replyTopicForEveryJob() {
        assertThat(Operation.DESCRIBE.replyTopic(THING, null, ReplyKind.REJECTED))
                .isEqualTo("$aws/things/dev-42/jobs/+/get/rejected");
        assertThat(Operation.UPDATE.replyTopic(THING, null, ReplyKind.ACCEPTED))
                .isEqualTo("$aws/things/dev-42/jobs/+/update/accepted");
    }

    @Test
    void replyFilters() {
        assertThat(Operation.GET_PENDING.replyFilter(THING, null)).isEqualTo("$aws/things/dev-42/jobs/get/+");
        assertThat(Operation.START_NEXT.replyFilter(THING, null)).isEqualTo("$aws/things/dev-42/jobs/start-next/+");
        assertThat(Operation.DESCRIBE.replyFilter(THING, JOB)).isEqualTo("$aws/things/dev-42/jobs/fw-17/get/+");
        assertThat(Operation.DESCRIBE.replyFilter(THING, null)).isEqualTo("$aws/things/dev-42/jobs/+/get/+");
        assertThat(Operation.UPDATE.replyFilter(THING, JOB)).isEqualTo("$aws/things/dev-42/jobs/fw-17/update/+");
        assertThat(Operation.UPDATE.replyFilter(THING, null)).isEqualTo("$aws/things/dev-42/jobs/+/update/+");
    }

    @Test
    void replyFilterMatchesExactlyTheOperationsReplies() {
        for (Operation<?, ?> operation : Operation.all()) {
            for (String jobId : new String[] {JOB, null}) {
                String filter = operation.replyFilter(THING, jobId);
                for (String topic : ALL_14) {
                    TopicRef ref = Topics.parse(topic).orElseThrow();
                    boolean expected = ref.kind() == TopicRef.Kind.REPLY && ref.operation() == operation;
                    assertThat(Topics.matches(filter, topic))
                            .as("%s on %s", filter, topic)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void theServiceFilterCoversEveryTopic() {
        for (String topic : ALL_14) {
            assertThat(Topics.matches(Topics.ALL_JOBS_FILTER, topic)).as(topic).isTrue();
        }
        assertThat(Topics.matches(Topics.ALL_JOBS_FILTER, "$aws/things/dev-42/shadow/update"))
                .isFalse();
    }

    @Test
    void operationTable() {
        assertThat(Operation.all())
                .containsExactly(Operation.GET_PENDING, Operation.START_NEXT, Operation.DESCRIBE, Operation.UPDATE);
        assertThat(Operation.all())
                .extracting(Operation::name)
                .containsExactly(
                        "GetPendingJobExecutions",
                        "StartNextPendingJobExecution",
                        "DescribeJobExecution",
                        "UpdateJobExecution");
        assertThat(Operation.all()).extracting(Operation::hasJobId).containsExactly(false, false, true, true);
        assertThat(Operation.all()).extracting(Operation::nextAliasAllowed).containsExactly(false, false, true, false);
    }

    // ------------------------------------------------------------------------------------------- parsing

    static Stream<Arguments> fourteenTopics() {
        return Stream.of(
                Arguments.of(ALL_14.get(0), TopicRef.Kind.REQUEST, Operation.GET_PENDING, null, null, null),
                Arguments.of(ALL_14.get(1), TopicRef.Kind.REPLY, Operation.GET_PENDING, null, ReplyKind.ACCEPTED, null),
                Arguments.of(ALL_14.get(2), TopicRef.Kind.REPLY, Operation.GET_PENDING, null, ReplyKind.REJECTED, null),
                Arguments.of(ALL_14.get(3), TopicRef.Kind.REQUEST, Operation.START_NEXT, null, null, null),
                Arguments.of(ALL_14.get(4), TopicRef.Kind.REPLY, Operation.START_NEXT, null, ReplyKind.ACCEPTED, null),
                Arguments.of(ALL_14.get(5), TopicRef.Kind.REPLY, Operation.START_NEXT, null, ReplyKind.REJECTED, null),
                Arguments.of(ALL_14.get(6), TopicRef.Kind.REQUEST, Operation.DESCRIBE, JOB, null, null),
                Arguments.of(ALL_14.get(7), TopicRef.Kind.REPLY, Operation.DESCRIBE, JOB, ReplyKind.ACCEPTED, null),
                Arguments.of(ALL_14.get(8), TopicRef.Kind.REPLY, Operation.DESCRIBE, JOB, ReplyKind.REJECTED, null),
                Arguments.of(ALL_14.get(9), TopicRef.Kind.REQUEST, Operation.UPDATE, JOB, null, null),
                Arguments.of(ALL_14.get(10), TopicRef.Kind.REPLY, Operation.UPDATE, JOB, ReplyKind.ACCEPTED, null),
                Arguments.of(ALL_14.get(11), TopicRef.Kind.REPLY, Operation.UPDATE, JOB, ReplyKind.REJECTED, null),
                Arguments.of(ALL_14.get(12), TopicRef.Kind.EVENT, null, null, null, EventType.JOB_EXECUTIONS_CHANGED),
                Arguments.of(
                        ALL_14.get(13), TopicRef.Kind.EVENT, null, null, null, EventType.NEXT_JOB_EXECUTION_CHANGED));
    }

    @ParameterizedTest
    @MethodSource("fourteenTopics")
    void parsesEachOfTheFourteenTopics(
            String topic,
            TopicRef.Kind kind,
            Operation<?, ?> operation,
            String jobId,
            ReplyKind replyKind,
            EventType<?> eventType) {
        assertParsed(topic, THING, kind, operation, jobId, replyKind, eventType);
    }

    @ParameterizedTest
    @CsvSource({
        // job ids that are also operation or reply names: the segment count decides
        "$aws/things/dev-42/jobs/get/get,                     REQUEST, DESCRIBE, get,",
        "$aws/things/dev-42/jobs/get/get/accepted,            REPLY,   DESCRIBE, get,         ACCEPTED",
        "$aws/things/dev-42/jobs/get/update,                  REQUEST, UPDATE,   get,",
        "$aws/things/dev-42/jobs/get/update/rejected,         REPLY,   UPDATE,   get,         REJECTED",
        "$aws/things/dev-42/jobs/update/update,               REQUEST, UPDATE,   update,",
        "$aws/things/dev-42/jobs/update/get/accepted,         REPLY,   DESCRIBE, update,      ACCEPTED",
        "$aws/things/dev-42/jobs/start-next/get,              REQUEST, DESCRIBE, start-next,",
        "$aws/things/dev-42/jobs/start-next/update/accepted,  REPLY,   UPDATE,   start-next,  ACCEPTED",
        "$aws/things/dev-42/jobs/notify/get,                  REQUEST, DESCRIBE, notify,",
        "$aws/things/dev-42/jobs/notify/update/rejected,      REPLY,   UPDATE,   notify,      REJECTED",
        "$aws/things/dev-42/jobs/notify-next/update,          REQUEST, UPDATE,   notify-next,",
        "$aws/things/dev-42/jobs/notify-next/get/accepted,    REPLY,   DESCRIBE, notify-next, ACCEPTED",
        "$aws/things/dev-42/jobs/accepted/get,                REQUEST, DESCRIBE, accepted,",
        "$aws/things/dev-42/jobs/accepted/get/accepted,       REPLY,   DESCRIBE, accepted,    ACCEPTED",
        "$aws/things/dev-42/jobs/rejected/update/rejected,    REPLY,   UPDATE,   rejected,    REJECTED",
        // the $next alias of Describe
        "$aws/things/dev-42/jobs/$next/get,                   REQUEST, DESCRIBE, $next,",
        "$aws/things/dev-42/jobs/$next/get/accepted,          REPLY,   DESCRIBE, $next,       ACCEPTED",
        "$aws/things/dev-42/jobs/$next/get/rejected,          REPLY,   DESCRIBE, $next,       REJECTED",
        // the two-segment reply topics are GetPending and StartNext, not Describe of a job named get
        "$aws/things/dev-42/jobs/get/accepted,                REPLY,   GET_PENDING, ,         ACCEPTED",
        "$aws/things/dev-42/jobs/start-next/rejected,         REPLY,   START_NEXT,  ,         REJECTED",
    })
    void jobIdsThatLookLikeOperationsParseBySegmentCount(
            String topic, TopicRef.Kind kind, String operation, String jobId, ReplyKind replyKind) {
        assertParsed(topic, THING, kind, operation(operation), jobId, replyKind, null);
    }

    @Test
    void thingNameComesFromTheTopic() {
        assertParsed(
                "$aws/things/gateway:child_7/jobs/notify-next",
                "gateway:child_7",
                TopicRef.Kind.EVENT,
                null,
                null,
                null,
                EventType.NEXT_JOB_EXECUTION_CHANGED);
        assertParsed(
                "$aws/things/get/jobs/get/get", "get", TopicRef.Kind.REQUEST, Operation.DESCRIBE, "get", null, null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$aws/things/dev-42/jobs/",
                "$aws/things/dev-42/jobs/list",
                "$aws/things/dev-42/jobs/GET",
                "$aws/things/dev-42/jobs/get/",
                "$aws/things/dev-42/jobs/get/maybe",
                "$aws/things/dev-42/jobs/notify/accepted",
                "$aws/things/dev-42/jobs/notify-next/rejected",
                "$aws/things/dev-42/jobs/start-next/start-next",
                "$aws/things/dev-42/jobs/fw-17",
                "$aws/things/dev-42/jobs/fw-17/delete",
                "$aws/things/dev-42/jobs/fw-17/accepted",
                "$aws/things/dev-42/jobs//get",
                "$aws/things/dev-42/jobs//update/accepted",
                "$aws/things/dev-42/jobs/fw-17/get/maybe",
                "$aws/things/dev-42/jobs/fw-17/notify/accepted",
                "$aws/things/dev-42/jobs/fw-17/get/accepted/extra",
                "$aws/things/dev-42/jobs/fw-17/update/accepted/",
                "$aws/things/dev-42/jobs/a/b/c/d",
                "$aws/things/dev-42/jobs/fw-17/notify-namespace-ns1/",
            })
    void unknownSuffixesAreUnknown(String topic) {
        assertParsed(topic, THING, TopicRef.Kind.UNKNOWN, null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "$aws/things/dev-42",
                "$aws/things/dev-42/",
                "$aws/things/dev-42/jobs",
                "$aws/things/dev-42/shadow/update",
                "$aws/things/dev-42/shadow/name/jobs/get",
                "$aws/events/job/fw-17/completed",
                "$aws/events/jobExecution/fw-17/succeeded",
                "things/dev-42/jobs/get",
                "aws/things/dev-42/jobs/get",
                "/$aws/things/dev-42/jobs/get",
                "$AWS/things/dev-42/jobs/get",
                "$aws/things",
            })
    void nonJobsTopicsAreNotParsed(String topic) {
        assertThat(Topics.parse(topic)).isEqualTo(Optional.empty());
    }

    @Test
    void topicRefDescribesItself() {
        assertThat(Topics.parse(ALL_14.get(10)).orElseThrow().toString())
                .contains("dev-42", "REPLY", "UpdateJobExecution", "fw-17", "ACCEPTED");
    }

    // ------------------------------------------------------------------------------------------ matching

    @ParameterizedTest
    @CsvSource({
        "a/b/c,           a/b/c,            true",
        "a/b/c,           a/b/d,            false",
        "a/b/c,           a/b,              false",
        "a/b,             a/b/c,            false",
        "+,               a,                true",
        "+,               a/b,              false",
        "+,               /a,               false",
        "+/+,             /a,               true",
        "a/+,             a/b,              true",
        "a/+,             a/,               true",
        "a/+,             a,                false",
        "a/+,             a/b/c,            false",
        "a/+/c,           a/b/c,            true",
        "a/+/c,           a/b/d,            false",
        "+/b/+,           a/b/c,            true",
        "#,               a,                true",
        "#,               a/b/c,            true",
        "#,               /,                true",
        "a/#,             a,                true",
        "a/#,             a/,               true",
        "a/#,             a/b,              true",
        "a/#,             a/b/c,            true",
        "a/#,             ab,               false",
        "a/#,             b/a,              false",
        "a/b/#,           a/bc,             false",
        "a/b/#,           a,                false",
        "a/+/#,           a/b,              true",
        "a/+/#,           a,                false",
        "$aws/things/+/jobs/#,  $aws/things/dev-42/jobs/fw-17/update/accepted,  true",
        "$aws/things/+/jobs/#,  $aws/things/dev-42/shadow/update,               false",
        "$aws/things/+/jobs/+/update/+,  $aws/things/dev-42/jobs/fw-17/update/rejected,  true",
        "$aws/things/+/jobs/+/update/+,  $aws/things/dev-42/jobs/fw-17/get/rejected,     false",
        // a filter that starts with a wildcard does not match a topic that starts with $ (MQTT 5, 4.7.2)
        "#,               $aws/things/dev-42/jobs/notify,  false",
        "+/things/#,      $aws/things/dev-42/jobs/notify,  false",
        "+,               $SYS,             false",
        "$aws/#,          $aws/things/dev-42/jobs/notify,  true",
    })
    void matchesTopicFilters(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).as("%s on %s", filter, topic).isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static Operation<?, ?> operation(String name) {
        switch (name) {
            case "GET_PENDING":
                return Operation.GET_PENDING;
            case "START_NEXT":
                return Operation.START_NEXT;
            case "DESCRIBE":
                return Operation.DESCRIBE;
            case "UPDATE":
                return Operation.UPDATE;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static void assertParsed(
            String topic,
            String thing,
            TopicRef.Kind kind,
            Operation<?, ?> operation,
            String jobId,
            ReplyKind replyKind,
            EventType<?> eventType) {
        TopicRef ref = Topics.parse(topic).orElseThrow(() -> new AssertionError("not parsed: " + topic));
        assertThat(ref.thingName()).as("thing of %s", topic).isEqualTo(thing);
        assertThat(ref.kind()).as("kind of %s", topic).isEqualTo(kind);
        assertThat(ref.operation()).as("operation of %s", topic).isSameAs(operation);
        assertThat(ref.jobId()).as("job id of %s", topic).isEqualTo(jobId);
        assertThat(ref.replyKind()).as("reply kind of %s", topic).isEqualTo(replyKind);
        assertThat(ref.eventType()).as("event type of %s", topic).isSameAs(eventType);
    }
}
