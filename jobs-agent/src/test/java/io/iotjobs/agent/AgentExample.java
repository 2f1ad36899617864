package io.iotjobs.agent;

import io.iotjobs.core.MqttConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The example of {@code docs/agent.md}, kept here so that it compiles (and {@code AgentExampleIT} runs it).
 * The body of {@link #startAgent} is the documented code; keep both in step.
 */
final class AgentExample {

    /** The document of an install job: {@code {"operation":"install","url":"...","version":"2.4.1"}}. */
    record Install(String url, String version) {}

    /** The device's firmware updater (whatever the device has). */
    interface Firmware {
        void download(String url) throws IOException;

        String install() throws IOException;
    }

    private AgentExample() {}

    // spotless:off  (docs/agent.md shows this method as it is written here; AgentDocTest compares them)
    static JobsAgent startAgent(MqttConnection connection, Path stateDirectory, Firmware firmware) {
        JobsAgent agent = JobsAgent.builder(connection, "dev-1")
                .on("operation", "install", context -> {
                    Install job = context.document().as(Install.class);
                    if (context.resumedFrom().isEmpty()) {       // not downloaded before a restart
                        firmware.download(job.url());
                        context.checkpoint("downloaded");
                    }
                    context.throwIfCancelled();
                    context.appendOutput(firmware.install());       // its tail is reported
                    return JobResult.succeeded(Map.of("version", job.version()));
                }, Duration.ofMinutes(30))
                .on("operation", "reboot", context -> JobResult.rejected("reboots need a maintenance window"))
                .checkpointStore(CheckpointStore.inDirectory(stateDirectory))
                .build();
        agent.start();
        return agent;
    }
    // spotless:on
}
