package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The samples' command line: help for every command, and a clear message with exit code 2 for bad arguments. */
class CommandLineTest {

    @TempDir
    Path folder;

    @Test
    void helpOfTheJarListsTheCommands() {
        Run run = Run.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("demo", "job-processor", "job-processor-v2", "monitor", "java -jar jobs-samples.jar demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-processor", "job-processor-v2", "monitor"})
    void everyConnectingCommandHasHelpWithTheConnectionOptions(String command) {
        Run run = Run.of(command, "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Usage: jobs-samples " + command)
                .contains(
                        "--endpoint=<host>",
                        "--cert=<path>",
                        "--key=<path>",
                        "--ca=<path>",
                        "--port=<port>",
                        "--thing=<name>",
                        "--client-id=<id>",
                        "--broker=<uri>",
                        "--duration=<time>",
                        "--verbose");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void demoHasHelpWithoutTheRemoteOptions() {
        Run run = Run.of("demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "Usage: jobs-samples demo",
                        "--thing=<name>",
                        "--work-time=<time>",
                        "Exit code 0 when every job reached its expected status")
                .doesNotContain("--endpoint=", "--broker=");
    }

    @Test
    void versionIsPrinted() {
        Run run = Run.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("jobs-samples ");
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Run.of(), "choose a command: demo, job-processor, job-processor-v2 or monitor");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertUsageError(Run.of("deploy"), "Unmatched argument at index 0: 'deploy'");
        assertUsageError(Run.of("monitor", "--endpont", "x"), "Unknown options: '--endpont'");
    }

    @Test
    void endpointNeedsCertificateKeyAndThing() throws IOException {
        assertUsageError(
                Run.of("job-processor", "--endpoint", "abc-ats.iot.eu-west-1.amazonaws.com"),
                "--endpoint needs --cert <path> and --key <path>");
        Path cert = Files.writeString(folder.resolve("device.pem.crt"), "not checked here");
        Path key = Files.writeString(folder.resolve("private.pem.key"), "not checked here");
        assertUsageError(
                Run.of(
                        "job-processor-v2",
                        "--endpoint",
                        "abc-ats.iot.eu-west-1.amazonaws.com",
                        "--cert",
                        cert.toString(),
                        "--key",
                        key.toString()),
                "--endpoint needs --thing <name>");
        assertUsageError(
                Run.of(
                        "monitor",
                        "--endpoint",
                        "abc-ats.iot.eu-west-1.amazonaws.com",
                        "--thing",
                        "dev-1",
                        "--cert",
                        folder.resolve("missing.crt").toString(),
                        "--key",
                        key.toString()),
                "--cert: cannot read " + folder.resolve("missing.crt"));
    }

    @Test
    void tlsOptionsWithoutEndpointAndConflictingTargetsAreUsageErrors() {
        assertUsageError(
                Run.of("job-processor", "--cert", "device.pem.crt"),
                "--cert, --key, --ca and --port go with --endpoint <host>");
        assertUsageError(
                Run.of("job-processor", "--port", "8883"), "--cert, --key, --ca and --port go with --endpoint <host>");
        assertUsageError(
                Run.of(
                        "monitor",
                        "--endpoint",
                        "abc-ats.iot.eu-west-1.amazonaws.com",
                        "--broker",
                        "tcp://127.0.0.1:1883"),
                "--broker and --endpoint exclude each other");
    }

    @Test
    void badValuesNameTheOption() {
        assertUsageError(
                Run.of("job-processor-v2", "--broker", "127.0.0.1:1883"),
                "--broker: expected tcp://<host>:<port>, got '127.0.0.1:1883'");
        assertUsageError(
                Run.of("job-processor-v2", "--thing", "dev/#"),
                "--thing: must be 1-128 characters of [a-zA-Z0-9:_-], got 'dev/#'");
        assertUsageError(Run.of("monitor", "--duration", "soon"), "--duration");
        assertUsageError(Run.of("monitor", "--duration", "soon"), "'soon' is not a duration");
        assertUsageError(Run.of("demo", "--thing", "a b"), "--thing: must be 1-128 characters");
    }

    @Test
    void demoRefusesRemoteOptionsWithAClearMessage() {
        assertUsageError(
                Run.of("demo", "--endpoint", "abc-ats.iot.eu-west-1.amazonaws.com"), "demo always runs locally");
        assertUsageError(Run.of("demo", "--broker", "tcp://127.0.0.1:1883"), "demo always runs locally");
    }

    @Test
    void anUnreachableBrokerIsAFailureWithExitCodeOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = Run.of("job-processor-v2", "--broker", "tcp://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot connect to broker tcp://127.0.0.1:" + closedPort + ": ");
    }

    @Test
    void durationsReadMillisecondsSecondsMinutesHoursAndIso() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("250ms")).hasMillis(250);
        assertThat(converter.convert("1.5s")).hasMillis(1500);
        assertThat(converter.convert("2m")).hasSeconds(120);
        assertThat(converter.convert("1h")).hasMinutes(60);
        assertThat(converter.convert("PT30S")).hasSeconds(30);
    }

    private static void assertUsageError(Run run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(message).contains("--help");
        assertThat(run.out()).isEmpty();
    }
}
