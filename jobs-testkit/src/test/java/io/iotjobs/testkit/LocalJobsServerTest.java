package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The runner's command line, without starting anything: help, and bad arguments with exit code 2. */
class LocalJobsServerTest {

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalJobsServer.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExplainsEveryOptionAndExitsZero() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out())
                .contains(
                        "Usage:",
                        "java -jar jobs-testkit-",
                        "-standalone.jar",
                        "--mqtt-port=N",
                        "--http-port=N",
                        "--bind=ADDRESS",
                        "--receive-maximum=N",
                        "--help",
                        "Default: 1883",
                        "Default: 8080",
                        "127.0.0.1",
                        "Default: 100",
                        "PUT /jobs/<jobId>",
                        "Ctrl-C",
                        "--no-console",
                        "web console");
        assertThat(run("-h").out()).isEqualTo(help.out());
    }

    @Test
    void aPortOutOfRangeIsAnErrorNamingTheOption() {
        Run bad = run("--mqtt-port", "70000");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).contains("--mqtt-port: must be in 0..65535, got 70000", "--help");
    }

    @Test
    void otherBadArgumentsAreErrorsToo() {
        assertThat(run("--http-port", "-1")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--http-port: must be in 0..65535, got -1");
        });
        assertThat(run("--mqtt-port=abc")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--mqtt-port", "abc");
        });
        assertThat(run("--receive-maximum", "0")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--receive-maximum: must be in 1..65535, got 0");
        });
        assertThat(run("--bind", "localhost")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--bind: must be an IP address", "localhost");
        });
        assertThat(run("--mqtt-port", "18830", "--http-port", "18830")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--http-port: must differ from --mqtt-port");
        });
        assertThat(run("--verbose")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("Unknown option: '--verbose'");
        });
        assertThat(run("extra")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("extra");
        });
    }

    @Test
    void theBuilderRefusesBadValuesNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LocalJobsServer.builder().mqttPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mqttPort:");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LocalJobsServer.builder().httpPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("httpPort:");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LocalJobsServer.builder().receiveMaximum(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("receiveMaximum:");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EmbeddedBroker.builder().bindAddress("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bindAddress:");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EmbeddedBroker.builder().bindAddress("300.1.1.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bindAddress:");
        assertThat(EmbeddedBroker.builder().bindAddress("[::]").toString()).contains("bindAddress=::");
    }
}
