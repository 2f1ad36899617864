package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.testkit.http.Console;
import io.iotjobs.testkit.ControlHttp.Answer;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web console's server side over real HTTP, against a local service on the shared embedded broker with raw
 * devices: its files and their headers, its reads, the fault switches, the refusals it shows (the API's own
 * messages), the live stream, and where it serves ({@link ConsoleMemoryTest} has the bounds of its memory).
 */
class ConsoleIT {

    private static final Console.Settings SETTINGS = new Console.Settings(20, 50, 4, 15_000);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static MqttConnection connection;

    private final RawMqttClient.Group clients = new RawMqttClient.Group();
    private LocalJobsService service;
    private HttpControlApi api;
    private ControlHttp http;

    @BeforeAll
    static void connect() throws Exception {
        connection = SharedBrokerConnection.connect("console-service");
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        service = LocalJobsService.builder().connection(connection).build();
        service.start().get(10, TimeUnit.SECONDS);
        api = HttpControlApi.builder(service).console(SETTINGS).start();
        http = new ControlHttp(api.uri());
    }

    @AfterEach
    void stop() {
        api.close();
        service.close();
        clients.close();
    }

    private BrokerDevice device(String prefix) {
        return BrokerDevice.connect(clients, EmbeddedBroker.shared().serverUri(), RawMqttClient.uniqueId(prefix));
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String createBody(String document, String... things) {
        return "{'targets':['" + String.join("','", things) + "'],'document':"
                + RawDevice.JSON.getNodeFactory().textNode(document).toString().replace('"', '\'') + "}";
    }

    @Test
    void thePagesAreServedFromTheJarWithAStrictPolicy() throws Exception {
        HttpResponse<String> index = get(api.uri() + "/");
        HttpResponse<String> script = get(api.uri() + "/console/app.js");
        HttpResponse<String> missing = get(api.uri() + "/console/nothing.js");
        HttpResponse<String> outside = get(api.uri() + "/console/%2e%2e%2fHttpControlApi.class");

        assertThat(api.consoleUri()).contains(api.uri() + "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy)
                        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(index.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("the console has no file nothing.js");
        assertThat(outside.statusCode())
                .as("no way out of the console's folder")
                .isEqualTo(404);
        assertThat(outside.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
    }

    @Test
    void theReadsShowJobsThingsAndAnExecutionsTimelineAsTheApiRendersThem() throws Exception {
        BrokerDevice device = device("reads");
        http.ok("PUT", "/jobs/fw-1", createBody("{\"op\":\"<b>install</b>\"}", device.thingName));
        device.expect("notify");
        device.expect("notify-next");
        device.request("start-next", "{'statusDetails':{'step':'download'}}", "accepted");

        JsonNode job = http.ok("GET", "/console/api/jobs", null).path("jobs").get(0);
        JsonNode described = http.ok("GET", "/jobs/fw-1", null).path("job");
        JsonNode thing =
                http.ok("GET", "/console/api/things", null).path("things").get(0);
        JsonNode execution =
                http.ok("GET", "/console/api/things/" + device.thingName + "/jobs/fw-1/executions/1", null);

        assertThat(job.path("jobProcessDetails")).isEqualTo(described.path("jobProcessDetails"));
        assertThat(job.path("document").asText()).isEqualTo("{\"op\":\"<b>install</b>\"}");
        assertThat(job.path("executions").get(0).path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(thing.path("thingName").asText()).isEqualTo(device.thingName);
        assertThat(thing.path("executions")
                        .get(0)
                        .path("statusDetails")
                        .path("detailsMap")
                        .path("step")
                        .asText())
                .isEqualTo("download");
        assertThat(execution.path("timeline"))
                .extracting(e -> e.path("status").asText())
                .containsExactly("QUEUED", "IN_PROGRESS");
        assertThat(execution.path("execution").path("document").asText()).isEqualTo("{\"op\":\"<b>install</b>\"}");
        assertError(
                http.call("GET", "/console/api/things/" + device.thingName + "/jobs/fw-1/executions/2", null),
                404,
                "ResourceNotFoundException",
                "jobId: thing " + device.thingName + " has no execution of job fw-1 with executionNumber 2");
    }

    @Test
    void aRefusedActionIsShownWithTheMessageTheApiAnswersIt() {
        http.ok("PUT", "/jobs/fw-2", createBody("{}", "console-dev-x"));

        JsonNode refusals =
                http.ok("GET", "/console/api/jobs", null).path("jobs").get(0).path("refusals");
        Answer delete = http.call("DELETE", "/jobs/fw-2", null);

        assertThat(refusals.path("cancel").isNull()).isTrue();
        assertThat(refusals.path("forceDelete").isNull()).isTrue();
        assertError(
                delete,
                409,
                "InvalidStateTransitionException",
                refusals.path("delete").asText());
    }

    @Test
    void theFaultSwitchesAreSetChangedAsRequestsUseThemAndCheckedBeforeAnyIsApplied() {
        BrokerDevice device = device("faults");
        JsonNode set = http.ok("PUT", "/console/api/faults", "{'failNextRequests':2,'delayRepliesMillis':0}");
        device.request("get", "{}", "rejected");

        assertThat(set.path("failNextRequests").asInt()).isEqualTo(2);
        assertThat(http.ok("GET", "/console/api/faults", null)
                        .path("failNextRequests")
                        .asInt())
                .isEqualTo(1);
        assertError(
                http.call("PUT", "/console/api/faults", "{'throttleAbove':5,'dropNextReplies':-1}"),
                400,
                "InvalidRequestException",
                "dropNextReplies: must be an integer in 0..1000000, got -1");
        assertError(
                http.call("PUT", "/console/api/faults", "{'dropEverything':true}"),
                400,
                "InvalidRequestException",
                "dropEverything: not a fault switch; the switches are [delayRepliesMillis,"
                        + " dropNextReplies, loseNextRequests, failNextRequests, throttleAbove, duplicateEvents]");
        assertThat(http.ok("GET", "/console/api/faults", null)
                        .path("throttleAbove")
                        .asInt())
                .as("nothing of a refused change applied")
                .isZero();
        JsonNode reset = http.ok("POST", "/console/api/faults/reset", null);
        assertThat(reset.path("failNextRequests").asInt()).isZero();
        device.request("get", "{}", "accepted");
    }

    @Test
    void aChangeSentFromAnotherSitesPageIsRefused() throws Exception {
        HttpResponse<String> foreign = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.uri() + "/jobs/evil"))
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                createBody("{}", "dev-1").replace('\'', '"')))
                        .header("Origin", "http://attacker.example")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> own = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.uri() + "/console/api/faults"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"duplicateEvents\":false}"))
                        .header("Origin", api.uri())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("x-amzn-ErrorType")).contains("AccessDenied");
        assertThat(foreign.body()).contains("Origin: requests from pages of http://attacker.example are refused");
        assertThat(service.control().describeJob("evil")).as("nothing created").isEmpty();
        assertThat(own.statusCode()).isEqualTo(200);
    }

    @Test
    void theStreamCarriesTheTrafficAndAHintForEachChange() throws Exception {
        BrokerDevice device = device("stream");
        try (EventStreamClient page = EventStreamClient.open(api.uri(), null)) {
            assertThat(page.next("retry").data()).isEqualTo("2000");
            http.ok("PUT", "/jobs/fw-3", createBody("{}", device.thingName));

            // the records of a change come before its hint
            EventStreamClient.Event next = page.traffic("notify-next", device.thingName + "/jobs/notify-next");
            assertThat(next.json().path("jobs").toString()).isEqualTo("[\"fw-3\"]");
            assertThat(page.next("changed").json().path("scopes").toString()).contains("THING");
            device.expect("notify");
            device.expect("notify-next");
            device.request("fw-3/update", "{'status':'BOGUS'}", "rejected");
            JsonNode request = page.traffic("request", "/fw-3/update").json();
            JsonNode rejected =
                    page.traffic("rejected", "/fw-3/update/rejected").json();

            assertThat(request.path("direction").asText()).isEqualTo("in");
            assertThat(request.path("thing").asText()).isEqualTo(device.thingName);
            assertThat(rejected.path("code").asText()).isEqualTo("InvalidRequest");

            try (EventStreamClient later = EventStreamClient.open(api.uri(), next.id())) {
                EventStreamClient.Event first = later.next("traffic");
                assertThat(Long.parseLong(first.id()))
                        .as("only what came after the page's last event")
                        .isEqualTo(Long.parseLong(next.id()) + 1);
            }
        }
    }

    @Test
    void withoutTheConsoleTheApiAloneAnswers() throws Exception {
        try (HttpControlApi bare = HttpControlApi.start(service, 0)) {
            HttpResponse<String> index = get(bare.uri() + "/");
            HttpResponse<String> events = get(bare.uri() + "/console/events");

            assertThat(bare.consoleUri()).isEmpty();
            assertThat(index.statusCode()).isEqualTo(404);
            assertThat(index.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
            assertThat(events.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theConsoleServesOnlyOnTheBindAddress() throws Exception {
        try (HttpControlApi other = HttpControlApi.builder(service)
                .bindAddress("127.0.0.2")
                .console(true)
                .start()) {
            assertThat(get("http://127.0.0.2:" + other.port() + "/").statusCode())
                    .isEqualTo(200);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> get("http://127.0.0.1:" + other.port() + "/"))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
