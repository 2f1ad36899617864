package io.iotjobs.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AWS IoT policies of docs/iot-policy.md against the topics and filters the SDK really uses (the topic table
 * of {@link Operation} and {@link EventType}, and the engines' warm reply filters {@link Operation#replyFilter}):
 * every one is allowed, every resource is used by the SDK, and topics of other things or other services are not
 * allowed. Resources are matched as AWS IoT matches them: {@code *} any characters, {@code ?} one, {@code +} and
 * {@code #} literal.
 */
class IotPolicyTest {

    private static final String THING = "MyDevice";
    private static final String JOB = "job-17";
    private static final String ARN = "arn:aws:iot:REGION:ACCOUNT:";
    private static final Path DOC = Path.of("..", "docs", "iot-policy.md");

    /** What the SDK does on a connection of the thing, as (action, resource) pairs. */
    private static Map<String, Set<String>> sdkUse() {
        Map<String, Set<String>> use = new LinkedHashMap<>();
        use.put("iot:Connect", Set.of("client/" + THING));
        Set<String> publish = new LinkedHashSet<>();
        publish.add(Operation.GET_PENDING.requestTopic(
                GetPendingJobExecutionsRequest.builder().thingName(THING).build()));
        publish.add(Operation.START_NEXT.requestTopic(
                StartNextPendingJobExecutionRequest.builder().thingName(THING).build()));
        for (String job : List.of(JOB, "$next")) {
            publish.add(Operation.DESCRIBE.requestTopic(DescribeJobExecutionRequest.builder()
                    .thingName(THING)
                    .jobId(job)
                    .build()));
        }
        publish.add(Operation.UPDATE.requestTopic(UpdateJobExecutionRequest.builder()
                .thingName(THING)
                .jobId(JOB)
                .status(JobStatus.SUCCEEDED)
                .build()));
        Set<String> subscribe = new LinkedHashSet<>();
        Set<String> receive = new LinkedHashSet<>();
        for (Operation<?, ?> operation :
                List.of(Operation.GET_PENDING, Operation.START_NEXT, Operation.DESCRIBE, Operation.UPDATE)) {
            subscribe.add(operation.replyFilter(THING, null)); // V2 and the agent: the warm reply filters
            for (ReplyKind kind : ReplyKind.values()) {
                subscribe.add(operation.replyTopic(THING, JOB, kind)); // V1: one job
                subscribe.add(operation.replyTopic(THING, null, kind)); // V1: every job
                receive.add(operation.replyTopic(THING, JOB, kind));
            }
        }
        for (EventType<?> event : List.of(EventType.JOB_EXECUTIONS_CHANGED, EventType.NEXT_JOB_EXECUTION_CHANGED)) {
            subscribe.add(event.topic(THING));
            receive.add(event.topic(THING));
        }
        use.put("iot:Publish", prefixed("topic/", publish));
        use.put("iot:Subscribe", prefixed("topicfilter/", subscribe));
        use.put("iot:Receive", prefixed("topic/", receive));
        return use;
    }

    /** What a device of this thing must not be allowed: other things, other services, broad filters. */
    private static Map<String, List<String>> foreign() {
        return Map.of(
                "iot:Connect", List.of("client/OtherDevice", "client/MyDevice2"),
                "iot:Publish",
                        List.of(
                                "topic/$aws/things/OtherDevice/jobs/get",
                                "topic/$aws/things/MyDevice/shadow/update",
                                "topic/$aws/things/MyDevice/jobs/notify",
                                "topic/$aws/things/MyDevice/jobs/get/accepted",
                                "topic/$aws/things/MyDevice/jobs/j1/update/accepted",
                                "topic/$aws/events/job/j1/completed"),
                "iot:Subscribe",
                        List.of(
                                "topicfilter/$aws/things/MyDevice/jobs/#",
                                "topicfilter/$aws/things/+/jobs/notify",
                                "topicfilter/$aws/things/MyDevice/#",
                                "topicfilter/$aws/things/OtherDevice/jobs/notify",
                                "topicfilter/$aws/things/MyDevice/jobs/+",
                                "topicfilter/#",
                                "topicfilter/$aws/things/MyDevice/shadow/update/accepted"),
                "iot:Receive",
                        List.of(
                                "topic/$aws/things/OtherDevice/jobs/notify",
                                "topic/$aws/things/MyDevice/shadow/update/accepted",
                                "topic/$aws/things/MyDevice/jobs/get"));
    }

    private static Set<String> prefixed(String prefix, Set<String> names) {
        Set<String> result = new LinkedHashSet<>();
        names.forEach(n -> result.add(prefix + n));
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"device", "custom-authorizer"})
    void everyTopicAndFilterTheSdkUsesIsAllowed(String policy) throws IOException {
        Map<String, List<Pattern>> allowed = allowed(policy);
        sdkUse().forEach((action, resources) ->
                resources.forEach(resource -> assertThat(allows(allowed, action, resource))
                        .as("%s %s", action, resource)
                        .isTrue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"device", "custom-authorizer"})
    void everyResourceIsUsedByTheSdk(String policy) throws IOException {
        Map<String, Set<String>> use = sdkUse();
        Map<String, List<Pattern>> allowed = allowed(policy);
        assertThat(allowed.keySet()).containsExactlyInAnyOrderElementsOf(use.keySet());
        allowed.forEach((action, patterns) -> patterns.forEach(pattern -> assertThat(use.get(action))
                .as("%s %s is used by the SDK", action, pattern)
                .anyMatch(resource -> pattern.matcher(resource).matches())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"device", "custom-authorizer"})
    void nothingOfOtherThingsOrServicesIsAllowed(String policy) throws IOException {
        Map<String, List<Pattern>> allowed = allowed(policy);
        foreign()
                .forEach((action, resources) ->
                        resources.forEach(resource -> assertThat(allows(allowed, action, resource))
                                .as("%s %s", action, resource)
                                .isFalse()));
        for (List<Pattern> patterns : allowed.values()) {
            for (Pattern pattern : patterns) {
                String source = pattern.pattern();
                assertThat(source).as("no resource ends in a wildcard").doesNotEndWith(".*");
                if (!source.startsWith("\\Qclient/")) {
                    assertThat(source)
                            .as("every topic resource is under the thing's own jobs topics")
                            .startsWith("\\Qtopic")
                            .contains("/$aws/things/" + THING + "/jobs/");
                }
            }
        }
    }

    private static boolean allows(Map<String, List<Pattern>> allowed, String action, String resource) {
        return allowed.getOrDefault(action, List.of()).stream()
                .anyMatch(p -> p.matcher(resource).matches());
    }

    /** The policy after its marker on the page: per action, its resources (without the ARN prefix) as patterns. */
    private static Map<String, List<Pattern>> allowed(String name) throws IOException {
        String page = Files.readString(DOC, StandardCharsets.UTF_8);
        String marker = "<!-- policy: " + name + " -->";
        int at = page.indexOf(marker);
        assertThat(at).as("%s in %s", marker, DOC).isNotNegative();
        int start = page.indexOf("```json", at) + "```json".length();
        int end = page.indexOf("```", start);
        JsonNode policy = new ObjectMapper().readTree(page.substring(start, end));
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        Map<String, List<Pattern>> allowed = new LinkedHashMap<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            for (String action : strings(statement.path("Action"))) {
                for (String resource : strings(statement.path("Resource"))) {
                    assertThat(resource).startsWith(ARN);
                    allowed.computeIfAbsent(action, a -> new ArrayList<>())
                            .add(pattern(resource.substring(ARN.length())
                                    .replace("${iot:Connection.Thing.ThingName}", THING)));
                }
            }
        }
        return allowed;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    /** An AWS IoT policy resource as a pattern: {@code *} any characters, {@code ?} one, the rest literal. */
    private static Pattern pattern(String resource) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : resource.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
