package io.iotjobs.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as a user starts it: {@code java -jar jobs-agent-daemon.jar --local --log-json}, a job
 * given through the printed control API, JSON log lines, and SIGTERM that stops the agent cleanly.
 */
class DaemonProcessIT {

    private static final Path JAR = Path.of("target", "jobs-agent-daemon.jar");
    private static final long WAIT_MS = 30_000;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Waits (bounded) for a line of the daemon's output that matches. */
    private String awaitLine(String what, Predicate<String> matcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (matcher.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                assertThat(left)
                        .as("%s; output so far:%n%s", what, String.join("\n", lines))
                        .isPositive();
                lines.wait(left);
            }
        }
    }

    private void readOutput() {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            synchronized (lines) {
                                lines.add(line);
                                lines.notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "daemon-output");
        reader.setDaemon(true);
        reader.start();
    }

    @Test
    void theJarRunsAJobLogsJsonAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).as("the runnable jar (built by the package phase)").exists();
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(
                        javaCommand, "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--local", "--log-json")
                .redirectErrorStream(true)
                .start();
        readOutput();

        String http = awaitLine("the control API's address", line -> line.contains(LocalHints.HTTP_LINE))
                .split(LocalHints.HTTP_LINE)[1]
                .trim();
        awaitLine("the agent running", line -> line.startsWith("{") && line.contains("\"message\":\"agent running\""));
        ControlApi.createHelloJob(http, "hello-1", DaemonConfig.LOCAL_THING);
        String finished = awaitLine("the job finished", line -> line.contains("\"message\":\"job finished\""));
        assertThat(finished)
                .contains("{\"jobId\":\"hello-1\"}", "{\"status\":\"SUCCEEDED\"}", "{\"reportedByAgent\":\"true\"}");

        // SIGTERM, keeping the pipe open (Process.destroy would close the output stream before it is read)
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS))
                .as("ended after SIGTERM")
                .isTrue();
        // the JVM ends with 128 + 15 after a SIGTERM whose shutdown hooks have all run
        assertThat(process.exitValue()).isEqualTo(143);
        awaitLine("the clean stop", line -> line.contains("\"message\":\"stopped cleanly\""));
        assertThat(lines).noneMatch(line -> line.contains("\"level\":\"ERROR\""));
    }
}
