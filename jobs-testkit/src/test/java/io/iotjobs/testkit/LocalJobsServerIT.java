package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.internal.testkit.LocalPorts;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone server started in-process on free ports: HTTP in, MQTT out, then stopped. */
class LocalJobsServerIT {

    private final RawMqttClient.Group clients = new RawMqttClient.Group();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private HttpResponse<String> send(String method, String uri, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsAJobOverHttpThatADeviceRunsOverMqttThenStops() throws Exception {
        String httpUri;
        int mqttPort;
        try (LocalJobsServer server = LocalJobsServer.builder()
                .mqttPort(0)
                .httpPort(0)
                .bindAddress("0.0.0.0")
                .start()) {
            httpUri = server.httpUri();
            mqttPort = server.mqttPort();
            assertThat(server.mqttUri())
                    .as("bound to every address, reached on loopback")
                    .isEqualTo("tcp://127.0.0.1:" + mqttPort);
            assertThat(httpUri).isEqualTo("http://127.0.0.1:" + server.httpPort());
            BrokerDevice device = BrokerDevice.connect(clients, server.mqttUri(), "runner-dev-1");

            HttpResponse<String> created = send(
                    "PUT",
                    httpUri + "/jobs/fw-9",
                    "{\"targets\":[\"runner-dev-1\"],\"document\":\"{\\\"op\\\":\\\"install\\\"}\"}");

            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(device.expect("notify")
                            .path("jobs")
                            .path("QUEUED")
                            .get(0)
                            .path("jobId")
                            .asText())
                    .isEqualTo("fw-9");
            JsonNode next = device.expect("notify-next").path("execution");
            assertThat(next.path("jobDocument")).isEqualTo(RawDevice.json("{\"op\":\"install\"}"));
            long before = java.time.Instant.now().getEpochSecond();
            JsonNode started = device.request("start-next", "{'clientToken':'r1'}", "accepted");
            assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(started.path("timestamp").asLong())
                    .as("the server runs on the system clock")
                    .isBetween(before - 1, java.time.Instant.now().getEpochSecond() + 1);
            device.request("fw-9/update", "{'status':'SUCCEEDED'}", "accepted");
            JsonNode described =
                    RawDevice.json(send("GET", httpUri + "/jobs/fw-9", null).body());
            assertThat(described.path("job").path("status").asText()).isEqualTo("COMPLETED");
            assertThat(server.consoleUri()).as("the console is on by default").contains(httpUri + "/");
            assertThat(send("GET", httpUri + "/", null).body()).contains("<title>Local IoT Jobs console</title>");
            assertThat(server.service()
                            .control()
                            .describeJobExecution("runner-dev-1", "fw-9")
                            .orElseThrow()
                            .rawStatus())
                    .contains("SUCCEEDED");
        }

        assertThat(LocalPorts.isFree(mqttPort)).as("the broker stopped").isTrue();
        assertThatThrownBy(() -> send("GET", httpUri + "/jobs", null))
                .as("the HTTP API stopped")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void theConsoleCanBeLeftOut() throws Exception {
        try (LocalJobsServer server =
                LocalJobsServer.builder().mqttPort(0).httpPort(0).console(false).start()) {
            assertThat(server.consoleUri()).isEmpty();
            assertThat(send("GET", server.httpUri() + "/", null).statusCode()).isEqualTo(404);
            assertThat(send("GET", server.httpUri() + "/jobs", null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aBusyPortFailsTheStartNamingItAndLeavesNothingRunning() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, LocalPorts.loopback())) {
            int freePort = LocalPorts.freePort();

            assertThatThrownBy(() -> LocalJobsServer.builder()
                            .mqttPort(freePort)
                            .httpPort(busy.getLocalPort())
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP control API")
                    .hasMessageContaining("port " + busy.getLocalPort() + " is already in use");
            assertThatThrownBy(() -> LocalJobsServer.builder()
                            .mqttPort(busy.getLocalPort())
                            .httpPort(freePort)
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MQTT broker")
                    .hasMessageContaining("port " + busy.getLocalPort() + " is already in use");

            assertThat(LocalPorts.isFree(freePort))
                    .as("nothing is left listening")
                    .isTrue();
        }
    }
}
