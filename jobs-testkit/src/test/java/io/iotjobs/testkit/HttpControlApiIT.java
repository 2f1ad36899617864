package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.ControlHttp.Answer;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP control API with a real HTTP client, against a local service on the shared embedded broker, with
 * raw Paho devices watching what the calls cause on MQTT.
 */
class HttpControlApiIT {

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final long T0 = TestClock.DEFAULT_START.getEpochSecond();

    /** The services' connection, shared by the tests of this class (each test has a service of its own). */
    private static MqttConnection connection;

    private final RawMqttClient.Group clients = new RawMqttClient.Group();
    private TestClock clock;
    private LocalJobsService service;
    private HttpControlApi api;

    @BeforeAll
    static void connect() throws Exception {
        connection = SharedBrokerConnection.connect("http-api-service");
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        clock = TestClock.create();
        service = LocalJobsService.builder().connection(connection).clock(clock).build();
        service.start().get(10, TimeUnit.SECONDS);
        api = HttpControlApi.start(service, 0);
    }

    @AfterEach
    void stop() {
        api.close();
        service.close();
        clients.close();
    }

    private BrokerDevice device(String prefix) throws Exception {
        return BrokerDevice.connect(clients, EmbeddedBroker.shared().serverUri(), RawMqttClient.uniqueId(prefix));
    }

    private Answer call(String method, String path, String json) {
        return new ControlHttp(api.uri()).call(method, path, json);
    }

    /** The CreateJob body: targets and a document given as JSON text. */
    private static String createBody(String documentJson, String... targets) {
        StringBuilder list = new StringBuilder();
        for (String target : targets) {
            list.append(list.length() == 0 ? "" : ",")
                    .append('"')
                    .append(target)
                    .append('"');
        }
        return "{\"targets\":[" + list + "],\"document\":"
                + RawDevice.JSON.getNodeFactory().textNode(documentJson) + "}";
    }

    // ------------------------------------------------------------------------------------------ create

    @Test
    void createJobQueuesAnExecutionAndTheDeviceIsNotified() throws Exception {
        BrokerDevice device = device("create");
        Answer created = call(
                "PUT",
                "/jobs/fw-1",
                "{'targets':['" + ARN + "thing/" + device.thingName + "'],"
                        + "'document':'{\\'operation\\':\\'install\\',\\'version\\':7}','description':'firmware 7',"
                        + "'targetSelection':'SNAPSHOT','timeoutConfig':{'inProgressTimeoutInMinutes':30},'tags':[]}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body())
                .isEqualTo(RawDevice.json(
                        "{\"jobArn\":\"" + ARN + "job/fw-1\",\"jobId\":\"fw-1\"," + "\"description\":\"firmware 7\"}"));
        assertThat(device.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("fw-1");
        JsonNode next = device.expect("notify-next").path("execution");
        assertThat(next.path("jobId").asText()).isEqualTo("fw-1");
        assertThat(next.path("status").asText()).isEqualTo("QUEUED");
        assertThat(next.path("jobDocument")).isEqualTo(RawDevice.json("{\"operation\":\"install\",\"version\":7}"));
        assertThat(service.control().describeJob("fw-1").orElseThrow().inProgressTimeout())
                .contains(Duration.ofMinutes(30));
    }

    @Test
    void createJobTakesPlainThingNamesAndSeveralTargets() throws Exception {
        BrokerDevice one = device("plain-a");
        BrokerDevice two = device("plain-b");

        Answer created = call("PUT", "/jobs/j-plain", createBody("{}", one.thingName, ARN + "thing/" + two.thingName));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().has("description")).as("no description given").isFalse();
        one.expect("notify");
        two.expect("notify");
        assertThat(service.control().describeJob("j-plain").orElseThrow().targetThingNames())
                .containsExactly(one.thingName, two.thingName);
    }

    @Test
    void createJobRefusesBadInputNamingTheField() throws Exception {
        assertError(call("PUT", "/jobs/j1", "{'targets':['dev-1'],"), 400, "InvalidRequestException", "body:");
        assertError(call("PUT", "/jobs/j1", "['dev-1']"), 400, "InvalidRequestException", "body:");
        assertError(call("PUT", "/jobs/j1", "{'document':'{}'}"), 400, "InvalidRequestException", "targets:");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':[],'document':'{}'}"), 400, "InvalidRequestException", "targets:");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':'dev-1','document':'{}'}"),
                400,
                "InvalidRequestException",
                "targets:");
        assertError(call("PUT", "/jobs/j1", "{'targets':['dev-1']}"), 400, "InvalidRequestException", "document:");
        assertError(
                call("PUT", "/jobs/j1", createBody("[1,2]", "dev-1")),
                400,
                "InvalidRequestException",
                "document: must be a JSON object");
        assertError(
                call("PUT", "/jobs/j1", createBody("{not json", "dev-1")),
                400,
                "InvalidRequestException",
                "document: not valid JSON");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':['dev-1'],'document':{'op':'x'}}"),
                400,
                "InvalidRequestException",
                "document: must be a string");
        assertError(call("PUT", "/jobs/j1", createBody("{}", "dev/1")), 400, "InvalidRequestException", "targets[0]:");
        assertError(
                call("PUT", "/jobs/j1", createBody("{}", "dev-1", "dev-1")),
                400,
                "InvalidRequestException",
                "targets[1]: duplicate");
        assertError(
                call("PUT", "/jobs/j1", createBody("{}", ARN + "thinggroup/fleet")),
                404,
                "ResourceNotFoundException",
                "targetGroupNames[0]: no thing group");
        assertError(
                call("PUT", "/jobs/j1", createBody("{}", "arn:aws:s3:::bucket")),
                400,
                "InvalidRequestException",
                "targets[0]: not a thing ARN");
        assertError(call("PUT", "/jobs/j%2A1", createBody("{}", "dev-1")), 400, "InvalidRequestException", "jobId:");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':['dev-1'],'document':'{}','targetSelection':'LATER'}"),
                400,
                "InvalidRequestException",
                "targetSelection:");
        assertError(
                call(
                        "PUT",
                        "/jobs/j1",
                        "{'targets':['dev-1'],'document':'{}','timeoutConfig':" + "{'inProgressTimeoutInMinutes':0}}"),
                400,
                "InvalidRequestException",
                "timeoutConfig.inProgressTimeoutInMinutes:");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':['dev-1'],'documentSource':'https://example.com/doc'}"),
                400,
                "InvalidRequestException",
                "documentSource: not supported");
        assertError(
                call("PUT", "/jobs/j1", "{'targets':['dev-1'],'document':'{}','description':7}"),
                400,
                "InvalidRequestException",
                "description:");

        assertThat(service.control().listJobs()).as("nothing was created").isEmpty();
    }

    @Test
    void createJobWithAnExistingIdIsAConflict() throws Exception {
        assertThat(call("PUT", "/jobs/dup", createBody("{}", "dev-dup")).status())
                .isEqualTo(200);

        Answer again = call("PUT", "/jobs/dup", createBody("{}", "dev-other"));

        assertError(again, 409, "ResourceAlreadyExistsException", "jobId:");
        assertThat(again.body().path("resourceId").asText()).isEqualTo("dup");
        assertThat(service.control().describeJob("dup").orElseThrow().targetThingNames())
                .containsExactly("dev-dup");
    }

    // ------------------------------------------------------------------------------------------ cancel

    @Test
    void cancelJobWithoutForceLeavesInProgressExecutionsAndWithForceCancelsThem() throws Exception {
        BrokerDevice working = device("cancel-a");
        BrokerDevice waiting = device("cancel-b");
        assertThat(call("PUT", "/jobs/c1", createBody("{}", working.thingName, waiting.thingName))
                        .status())
                .isEqualTo(200);
        working.expect("notify");
        working.expect("notify-next");
        waiting.expect("notify");
        waiting.expect("notify-next");
        JsonNode started = working.request("start-next", "{'clientToken':'s1'}", "accepted");
        assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");

        Answer cancel = call("PUT", "/jobs/c1/cancel", "{'reasonCode':'BAD_BUILD','comment':'recalled'}");

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body()).isEqualTo(RawDevice.json("{\"jobArn\":\"" + ARN + "job/c1\",\"jobId\":\"c1\"}"));
        assertThat(waiting.expect("notify").path("jobs").isEmpty())
                .as("the queued execution is gone")
                .isTrue();
        assertThat(waiting.expect("notify-next").has("execution")).isFalse();
        assertThat(status(working.thingName, "c1")).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(status(waiting.thingName, "c1")).isEqualTo(JobStatus.CANCELED);
        working.assertQuiet("quiet-1");

        Answer forced = call("PUT", "/jobs/c1/cancel?force=true", null);

        assertThat(forced.status()).isEqualTo(200);
        assertThat(working.expect("notify").path("jobs").isEmpty()).isTrue();
        assertThat(status(working.thingName, "c1")).isEqualTo(JobStatus.CANCELED);
        JsonNode job = call("GET", "/jobs/c1", null).body().path("job");
        assertThat(job.path("status").asText()).isEqualTo("CANCELED");
        assertThat(job.path("forceCanceled").asBoolean()).isTrue();
        assertThat(job.path("reasonCode").asText()).isEqualTo("BAD_BUILD");
        assertThat(job.path("comment").asText()).isEqualTo("recalled");
        assertThat(job.path("jobProcessDetails").path("numberOfCanceledThings").asInt())
                .isEqualTo(2);
    }

    @Test
    void cancelJobErrors() throws Exception {
        assertError(call("PUT", "/jobs/nope/cancel", null), 404, "ResourceNotFoundException", "jobId:");
        assertThat(call("PUT", "/jobs/c2", createBody("{}", "dev-c2")).status()).isEqualTo(200);
        assertError(call("PUT", "/jobs/c2/cancel?force=yes", null), 400, "InvalidRequestException", "force:");
        assertError(
                call("PUT", "/jobs/c2/cancel", "{'reasonCode':'lower case'}"),
                400,
                "InvalidRequestException",
                "reasonCode:");
        assertThat(status("dev-c2", "c2"))
                .as("nothing canceled by the refused calls")
                .isEqualTo(JobStatus.QUEUED);
    }

    // ------------------------------------------------------------------------------------------ delete

    @Test
    void deleteJobNeedsForceWhileExecutionsArePending() throws Exception {
        BrokerDevice device = device("delete");
        assertThat(call("PUT", "/jobs/d1", createBody("{}", device.thingName)).status())
                .isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");

        assertError(call("DELETE", "/jobs/d1", null), 409, "InvalidStateTransitionException", "job d1");
        assertError(call("DELETE", "/jobs/d1?force=false", null), 409, "InvalidStateTransitionException", "job d1");
        assertThat(service.control().describeJob("d1")).isPresent();

        Answer deleted = call("DELETE", "/jobs/d1?force=true", null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isNull();
        assertThat(device.expect("notify").path("jobs").isEmpty()).isTrue();
        assertThat(device.expect("notify-next").has("execution")).isFalse();
        assertError(call("GET", "/jobs/d1", null), 404, "ResourceNotFoundException", "jobId:");
        assertError(call("DELETE", "/jobs/d1", null), 404, "ResourceNotFoundException", "jobId:");
    }

    // ------------------------------------------------------------------------------------------ describe, list

    @Test
    void describeJobReportsStatusTargetsTimesAndCounts() throws Exception {
        BrokerDevice device = device("describe");
        assertThat(call(
                                "PUT",
                                "/jobs/x1",
                                "{'targets':['" + device.thingName + "','dev-idle'],'document':'{}',"
                                        + "'timeoutConfig':{'inProgressTimeoutInMinutes':15}}")
                        .status())
                .isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");
        clock.advance(Duration.ofSeconds(90));
        device.request("start-next", "{}", "accepted");
        clock.advance(Duration.ofSeconds(30));
        device.request("x1/update", "{'status':'SUCCEEDED'}", "accepted");
        device.expect("notify");
        device.expect("notify-next");

        JsonNode job = call("GET", "/jobs/x1", null).body().path("job");

        assertThat(job.path("jobArn").asText()).isEqualTo(ARN + "job/x1");
        assertThat(job.path("jobId").asText()).isEqualTo("x1");
        assertThat(job.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(job.path("targetSelection").asText()).isEqualTo("SNAPSHOT");
        assertThat(job.path("targets"))
                .isEqualTo(RawDevice.json(
                        "[\"" + ARN + "thing/" + device.thingName + "\",\"" + ARN + "thing/dev-idle\"]"));
        assertThat(job.path("createdAt").asLong()).isEqualTo(T0);
        assertThat(job.path("lastUpdatedAt").asLong()).isEqualTo(T0 + 120);
        assertThat(job.has("completedAt")).isFalse();
        assertThat(job.path("timeoutConfig").path("inProgressTimeoutInMinutes").asInt())
                .isEqualTo(15);
        assertThat(job.path("jobProcessDetails"))
                .isEqualTo(RawDevice.json("{\"numberOfCanceledThings\":0,"
                        + "\"numberOfSucceededThings\":1,\"numberOfFailedThings\":0,\"numberOfRejectedThings\":0,"
                        + "\"numberOfQueuedThings\":1,\"numberOfInProgressThings\":0,\"numberOfRemovedThings\":0,"
                        + "\"numberOfTimedOutThings\":0}"));

        assertThat(call("GET", "/jobs/x1/job-document", null)
                        .body()
                        .path("document")
                        .asText())
                .isEqualTo("{}");
        assertError(call("GET", "/jobs/unknown", null), 404, "ResourceNotFoundException", "jobId:");
    }

    @Test
    void listJobsFiltersByStatusAndPages() throws Exception {
        for (String id : List.of("l1", "l2", "l3")) {
            assertThat(call("PUT", "/jobs/" + id, createBody("{}", "dev-list")).status())
                    .isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(call("PUT", "/jobs/l2/cancel", null).status()).isEqualTo(200);

        Answer all = call("GET", "/jobs", null);
        Answer canceled = call("GET", "/jobs?status=CANCELED", null);
        Answer first = call("GET", "/jobs?maxResults=2", null);
        Answer rest = call(
                "GET",
                "/jobs?maxResults=2&nextToken=" + first.body().path("nextToken").asText(),
                null);

        assertThat(ids(all.body().path("jobs"), "jobId")).containsExactly("l1", "l2", "l3");
        assertThat(all.body().path("jobs").get(0).path("jobArn").asText()).isEqualTo(ARN + "job/l1");
        assertThat(all.body().path("jobs").get(1).path("status").asText()).isEqualTo("CANCELED");
        assertThat(all.body().has("nextToken")).isFalse();
        assertThat(ids(canceled.body().path("jobs"), "jobId")).containsExactly("l2");
        assertThat(ids(first.body().path("jobs"), "jobId")).containsExactly("l1", "l2");
        assertThat(ids(rest.body().path("jobs"), "jobId")).containsExactly("l3");
        assertThat(rest.body().has("nextToken")).isFalse();
        assertError(call("GET", "/jobs?status=DONE", null), 400, "InvalidRequestException", "status:");
        assertError(call("GET", "/jobs?maxResults=0", null), 400, "InvalidRequestException", "maxResults:");
        assertError(call("GET", "/jobs?nextToken=zz", null), 400, "InvalidRequestException", "nextToken:");
    }

    @Test
    void listJobExecutionsForThingAndForJob() throws Exception {
        BrokerDevice device = device("executions");
        String thing = device.thingName;
        assertThat(call("PUT", "/jobs/e1", createBody("{}", thing, "dev-e-other"))
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(5));
        assertThat(call("PUT", "/jobs/e2", createBody("{}", thing)).status()).isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");
        device.expect("notify");
        clock.advance(Duration.ofSeconds(5));
        device.request("start-next", "{}", "accepted");

        JsonNode forThing =
                call("GET", "/things/" + thing + "/jobs", null).body().path("executionSummaries");
        JsonNode inProgress = call("GET", "/things/" + thing + "/jobs?status=IN_PROGRESS", null)
                .body()
                .path("executionSummaries");
        JsonNode forJob = call("GET", "/jobs/e1/things", null).body().path("executionSummaries");

        assertThat(ids(forThing, "jobId")).containsExactly("e1", "e2");
        assertThat(forThing.get(0).path("jobExecutionSummary"))
                .isEqualTo(RawDevice.json("{\"status\":\"IN_PROGRESS\","
                        + "\"retryAttempt\":0,\"queuedAt\":" + T0 + ",\"startedAt\":" + (T0 + 10)
                        + ",\"lastUpdatedAt\":" + (T0 + 10)
                        + ",\"executionNumber\":1}"));
        assertThat(forThing.get(1).path("jobExecutionSummary").path("status").asText())
                .isEqualTo("QUEUED");
        assertThat(ids(inProgress, "jobId")).containsExactly("e1");
        assertThat(ids(forJob, "thingArn")).containsExactly(ARN + "thing/" + thing, ARN + "thing/dev-e-other");
        assertThat(call("GET", "/things/dev-never/jobs", null)
                        .body()
                        .path("executionSummaries")
                        .isEmpty())
                .isTrue();
        assertError(call("GET", "/things/bad%2Fname/jobs", null), 400, "InvalidRequestException", "thingName:");
        assertError(call("GET", "/jobs/nope/things", null), 404, "ResourceNotFoundException", "jobId:");
    }

    @Test
    void describeJobExecutionShowsTheExecution() throws Exception {
        BrokerDevice device = device("describe-exec");
        String thing = device.thingName;
        assertThat(call(
                                "PUT",
                                "/jobs/de1",
                                "{'targets':['" + thing + "'],'document':'{}',"
                                        + "'timeoutConfig':{'inProgressTimeoutInMinutes':10}}")
                        .status())
                .isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");
        device.request("start-next", "{'statusDetails':{'step':'download'}}", "accepted");
        clock.advance(Duration.ofMinutes(4));

        Answer latest = call("GET", "/things/" + thing + "/jobs/de1", null);
        Answer numbered = call("GET", "/things/" + thing + "/jobs/de1?executionNumber=1", null);

        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.body())
                .isEqualTo(RawDevice.json("{\"execution\":{\"jobId\":\"de1\","
                        + "\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"detailsMap\":{\"step\":\"download\"}},"
                        + "\"thingArn\":\"" + ARN + "thing/" + thing + "\",\"queuedAt\":" + T0 + ",\"startedAt\":" + T0
                        + ",\"lastUpdatedAt\":" + T0 + ",\"executionNumber\":1,\"versionNumber\":2,"
                        + "\"approximateSecondsBeforeTimedOut\":360}}"));
        assertThat(numbered.body()).isEqualTo(latest.body());
        assertError(
                call("GET", "/things/" + thing + "/jobs/de1?executionNumber=2", null),
                404,
                "ResourceNotFoundException",
                "jobId:");
        assertError(
                call("GET", "/things/" + thing + "/jobs/de1?executionNumber=x", null),
                400,
                "InvalidRequestException",
                "executionNumber:");
        assertError(call("GET", "/things/" + thing + "/jobs/other", null), 404, "ResourceNotFoundException", "jobId:");
    }

    // ------------------------------------------------------------------------------------------ executions

    @Test
    void cancelJobExecutionNeedsForceWhenInProgressAndChecksTheVersion() throws Exception {
        BrokerDevice device = device("cancel-exec");
        String thing = device.thingName;
        assertThat(call("PUT", "/jobs/ce1", createBody("{}", thing)).status()).isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");
        device.request("start-next", "{}", "accepted");

        assertError(
                call("PUT", "/things/" + thing + "/jobs/ce1/cancel", null),
                409,
                "InvalidStateTransitionException",
                "the execution of job ce1");
        assertError(
                call("PUT", "/things/" + thing + "/jobs/ce1/cancel?force=true", "{'expectedVersion':1}"),
                409,
                "VersionConflictException",
                "expectedVersion:");
        assertError(
                call("PUT", "/things/" + thing + "/jobs/ce1/cancel?force=true", "{'statusDetails':{'a':''}}"),
                400,
                "InvalidRequestException",
                "statusDetails.a:");
        assertError(
                call("PUT", "/things/" + thing + "/jobs/nope/cancel", null),
                404,
                "ResourceNotFoundException",
                "jobId:");
        device.assertQuiet("still-running");
        assertThat(status(thing, "ce1")).isEqualTo(JobStatus.IN_PROGRESS);

        Answer canceled = call("PUT", "/things/" + thing + "/jobs/ce1/cancel?force=true", "{'expectedVersion':2}");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body()).isNull();
        assertThat(device.expect("notify").path("jobs").isEmpty()).isTrue();
        assertThat(device.expect("notify-next").has("execution")).isFalse();
        assertThat(status(thing, "ce1")).isEqualTo(JobStatus.CANCELED);
        JsonNode update = device.request("ce1/update", "{'status':'SUCCEEDED'}", "rejected");
        assertThat(update.path("code").asText()).isEqualTo("InvalidStateTransition");
    }

    @Test
    void deleteJobExecutionNeedsForceUnlessTerminal() throws Exception {
        BrokerDevice device = device("delete-exec");
        String thing = device.thingName;
        assertThat(call("PUT", "/jobs/dx1", createBody("{}", thing)).status()).isEqualTo(200);
        device.expect("notify");
        device.expect("notify-next");

        assertError(
                call("DELETE", "/things/" + thing + "/jobs/dx1/executionNumber/1", null),
                409,
                "InvalidStateTransitionException",
                "the execution of job dx1");
        assertError(
                call("DELETE", "/things/" + thing + "/jobs/dx1/executionNumber/0", null),
                400,
                "InvalidRequestException",
                "executionNumber:");
        assertError(
                call("DELETE", "/things/" + thing + "/jobs/dx1/executionNumber/7?force=true", null),
                404,
                "ResourceNotFoundException",
                "jobId:");

        Answer deleted = call("DELETE", "/things/" + thing + "/jobs/dx1/executionNumber/1?force=true", null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(device.expect("notify").path("jobs").isEmpty()).isTrue();
        assertThat(device.expect("notify-next").has("execution")).isFalse();
        JsonNode describe = device.request("dx1/get", "{}", "rejected");
        assertThat(describe.path("code").asText()).isEqualTo("ResourceNotFound");
        assertError(call("GET", "/things/" + thing + "/jobs/dx1", null), 404, "ResourceNotFoundException", "jobId:");
    }

    // ------------------------------------------------------------------------------------------ the rest

    @Test
    void unknownRoutesAreNotFound() throws Exception {
        assertError(call("GET", "/", null), 404, "UnknownOperationException", "path:");
        assertError(call("GET", "/billing-groups", null), 404, "UnknownOperationException", "path:");
        assertError(call("POST", "/jobs/j1", "{}"), 404, "UnknownOperationException", "path:");
        assertError(call("GET", "/jobs/j1/cancel", null), 404, "UnknownOperationException", "path:");
    }

    @Test
    void aClosedServiceIsUnavailable() throws Exception {
        service.close();

        assertError(
                call("PUT", "/jobs/late", createBody("{}", "dev-late")),
                503,
                "ServiceUnavailableException",
                "the local Jobs service is closed");
    }

    @Test
    void closingTheApiFreesItsPort() throws Exception {
        int port = api.port();

        api.close();

        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private JobStatus status(String thing, String jobId) {
        return service.control()
                .describeJobExecution(thing, jobId)
                .orElseThrow()
                .status()
                .orElseThrow();
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> ids = new ArrayList<>();
        list.forEach(item -> ids.add(item.path(field).asText()));
        return ids;
    }
}
