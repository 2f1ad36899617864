package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.internal.agent.devclient.Handlers;
import io.iotjobs.model.JobStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Device Client handler end to end on the local service: a handler directory with the standard handlers,
 * a directory of stand-ins for the system programs the handlers call (package managers, systemctl, the reboot
 * command), each of which appends its name and arguments to a trace file, and a work directory.
 */
abstract class DeviceClientITBase extends AgentITBase {

    Path handlers;
    Path bin;
    Path trace;
    Path work;
    Path scratch;

    @BeforeEach
    void handlerDirectories() throws IOException {
        handlers = checkpoints.resolve("handlers");
        DeviceClientJobs.installStandardHandlers(handlers);
        bin = Files.createDirectories(checkpoints.resolve("bin"));
        trace = checkpoints.resolve("trace");
        work = checkpoints.resolve("work");
        scratch = Files.createDirectories(checkpoints.resolve("scratch"));
        for (String program : List.of("apt-get", "systemctl", "fake-reboot")) {
            Handlers.write(bin, program, "printf '%s\\n' \"$(basename \"$0\") $*\" >> \"$TRACE\"", "rwxr-xr-x");
        }
    }

    /** The handler's settings: the standard handlers, the stand-ins first on the PATH, the trace file. */
    DeviceClientJobs.Builder deviceClient() {
        return DeviceClientJobs.builder(handlers)
                .workDirectory(work)
                .environment("PATH", bin + ":" + System.getenv("PATH"))
                .environment("TRACE", trace.toString())
                .killGracePeriod(java.time.Duration.ofSeconds(1));
    }

    /** Starts an agent that runs Device Client documents. */
    JobsAgent startAgent(AgentEvents events, UnaryOperator<DeviceClientJobs.Builder> settings) throws Exception {
        return start(
                agent(events).deviceClientJobs(settings.apply(deviceClient()).build()));
    }

    /** What the stand-ins were called with, in order. */
    List<String> trace() throws IOException {
        return Files.exists(trace) ? Files.readAllLines(trace, StandardCharsets.UTF_8) : List.of();
    }

    /** Waits for the job's end; asserts the status the service holds, and returns the status details. */
    Map<String, String> finished(AgentEvents events, String jobId, JobStatus status) throws InterruptedException {
        events.awaitFinished(jobId);
        assertThat(execution(jobId).status())
                .as("%s: %s", jobId, execution(jobId).statusDetails())
                .contains(status);
        return execution(jobId).statusDetails().orElse(Map.of());
    }

    /** A handler of the test in the handler directory. */
    void handler(String name, String body) {
        Handlers.write(handlers, name, body);
    }
}
