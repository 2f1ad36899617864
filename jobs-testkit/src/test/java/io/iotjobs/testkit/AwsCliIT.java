package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server driven by the real AWS CLI (Debian's {@code awscli}), with dummy credentials and
 * {@code --endpoint-url}, while a device watches on MQTT: thing groups, a CONTINUOUS job with retry and abort
 * configurations, a thing added later, and the {@code iot-jobs-data} commands. Skipped when the CLI is missing,
 * unless {@value #REQUIRE} is {@code 1} (as the CI script sets it), when that fails the test instead.
 */
class AwsCliIT {

    static final String REQUIRE = "IOTJOBS_REQUIRE_AWSCLI";
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    private static LocalJobsServer server;
    private static String aws;
    private final RawMqttClient.Group clients = new RawMqttClient.Group();

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        aws = findAws();
        if (aws == null) {
            assertThat(System.getenv(REQUIRE))
                    .as("%s=1 but no aws command (Debian package awscli)", REQUIRE)
                    .isNotEqualTo("1");
            Assumptions.abort("the AWS CLI (Debian package awscli) is not installed");
        }
        server = LocalJobsServer.builder().mqttPort(0).httpPort(0).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Debian's CLI first (another one may come first on the PATH), else whatever {@code aws} is. */
    private static String findAws() {
        for (String candidate : List.of("/usr/bin/aws", "aws")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version")
                        .redirectErrorStream(true)
                        .start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Runs {@code aws <service> <command> ...} against the server; returns its JSON output (or null if none). */
    private static JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", server.httpUri(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("aws %s finished", String.join(" ", args))
                .isTrue();
        assertThat(process.exitValue())
                .as("exit status of aws %s: %s", String.join(" ", args), output)
                .isZero();
        return output.isBlank() ? null : RawDevice.json(output);
    }

    @Test
    void groupsAContinuousJobAndTheJobsDataPlaneThroughTheAwsCli() throws Exception {
        Files.writeString(home.resolve("config"), "");
        for (String thing : List.of("cli-d1", "cli-d2", "cli-d3")) {
            assertThat(aws("iot", "create-thing", "--thing-name", thing)
                            .path("thingArn")
                            .asText())
                    .isEqualTo(ARN + "thing/" + thing);
        }
        aws("iot", "create-thing-group", "--thing-group-name", "cli-fleet");
        aws("iot", "add-thing-to-thing-group", "--thing-group-name", "cli-fleet", "--thing-name", "cli-d1");
        aws("iot", "add-thing-to-thing-group", "--thing-group-name", "cli-fleet", "--thing-name", "cli-d2");
        assertThat(aws("iot", "list-things-in-thing-group", "--thing-group-name", "cli-fleet")
                        .path("things"))
                .hasSize(2);

        JsonNode created = aws(
                "iot",
                "create-job",
                "--job-id",
                "cli-fw",
                "--targets",
                ARN + "thinggroup/cli-fleet",
                "--document",
                "{\"operation\":\"install\"}",
                "--target-selection",
                "CONTINUOUS",
                "--job-executions-retry-config",
                "{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}",
                "--abort-config",
                "{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
                        + "\"thresholdPercentage\":100,\"minNumberOfExecutedThings\":10}]}");
        assertThat(created.path("jobArn").asText()).isEqualTo(ARN + "job/cli-fw");
        BrokerDevice device = BrokerDevice.connect(clients, server.mqttUri(), "cli-d3");

        aws("iot", "add-thing-to-thing-group", "--thing-group-name", "cli-fleet", "--thing-name", "cli-d3");

        assertThat(device.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("cli-fw");
        device.expect("notify-next");
        JsonNode pending = aws("iot-jobs-data", "get-pending-job-executions", "--thing-name", "cli-d3");
        assertThat(pending.path("queuedJobs").get(0).path("jobId").asText()).isEqualTo("cli-fw");
        JsonNode started = aws(
                "iot-jobs-data",
                "start-next-pending-job-execution",
                "--thing-name",
                "cli-d3",
                "--status-details",
                "step=download");
        assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(started.path("execution").path("jobDocument").asText()).isEqualTo("{\"operation\":\"install\"}");

        JsonNode updated = aws(
                "iot-jobs-data",
                "update-job-execution",
                "--thing-name",
                "cli-d3",
                "--job-id",
                "cli-fw",
                "--status",
                "FAILED",
                "--include-job-execution-state");
        assertThat(updated.path("executionState").path("status").asText()).isEqualTo("FAILED");

        assertThat(device.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("executionNumber")
                        .asLong())
                .as("the retry, seen by the device")
                .isEqualTo(2);
        JsonNode retried = device.expect("notify-next").path("execution");
        assertThat(retried.path("executionNumber").asLong()).isEqualTo(2);
        JsonNode described =
                aws("iot-jobs-data", "describe-job-execution", "--thing-name", "cli-d3", "--job-id", "cli-fw");
        assertThat(described.path("execution").path("status").asText()).isEqualTo("QUEUED");
        JsonNode list =
                aws("iot", "list-job-executions-for-job", "--job-id", "cli-fw").path("executionSummaries");
        assertThat(list).hasSize(4);
        JsonNode job = aws("iot", "describe-job", "--job-id", "cli-fw").path("job");
        assertThat(job.path("targetSelection").asText()).isEqualTo("CONTINUOUS");
        assertThat(job.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(job.path("jobExecutionsRetryConfig")
                        .path("criteriaList")
                        .get(0)
                        .path("numberOfRetries")
                        .asInt())
                .isEqualTo(1);
        clients.close();
    }
}
