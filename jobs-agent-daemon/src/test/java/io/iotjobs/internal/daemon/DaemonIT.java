package io.iotjobs.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsServer;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in this process with a plain connection to a broker of its own (the local switch is tested on the
 * runnable jar, by {@link DaemonProcessIT}).
 */
class DaemonIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Waits until the thing's pending set is empty again, then returns the execution as the service holds it. */
    private static JobExecutionData awaitDone(LocalJobsServer server, RawMqttClient watch, String thing, String jobId) {
        watch.await(
                "the pending set of " + thing + " emptied",
                1,
                WAIT,
                m -> m.payload().replace(" ", "").contains("\"jobs\":{}"));
        return server.service().control().describeJobExecution(thing, jobId).orElseThrow();
    }

    @Test
    void aPlainConnectionWithAUserAndPasswordRunsTheConfiguredHandlers() throws Exception {
        Path handlers = Files.createDirectory(dir.resolve("handlers"));
        Path handler = Files.writeString(handlers.resolve("greet.sh"), "#!/bin/sh\necho \"$GREETING, $2\"\n");
        Files.setPosixFilePermissions(handler, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(dir.resolve("password"), "s3cret\n");
        try (LocalJobsServer server =
                LocalJobsServer.builder().mqttPort(0).httpPort(0).start()) {
            Path file = Files.writeString(
                    dir.resolve("agent.properties"),
                    "thingName=plain-device\n"
                            + "connection.type=plain\nconnection.endpoint=127.0.0.1\nconnection.port="
                            + server.mqttPort() + "\n"
                            + "connection.username=plain-device\nconnection.passwordFile=" + secret + "\n"
                            + "handlerDirectories=" + handlers + "\ncheckpointDirectory=" + dir.resolve("checkpoints")
                            + "\n"
                            + "workDirectory=" + dir.resolve("work") + "\nenvironment.GREETING=Hello\n");
            DaemonConfig config = DaemonConfig.read(ConfigFile.read(file), file.toString(), false);
            try (RunningDaemon daemon = RunningDaemon.start(config, null, System.out);
                    RawMqttClient watch = RawMqttClient.connect(server.mqttUri(), RawMqttClient.uniqueId("watch"))) {
                assertThat(daemon.localServer()).isNull();
                watch.subscribe("$aws/things/plain-device/jobs/notify");
                server.service()
                        .control()
                        .createJob(JobSpec.builder("greet-1")
                                .targets("plain-device")
                                .document(JobDocument.parse("{\"operation\":\"greet.sh\",\"args\":[\"device\"],"
                                        + "\"includeStdOut\":true}"))
                                .build());
                JobExecutionData done = awaitDone(server, watch, "plain-device", "greet-1");
                assertThat(done.status()).contains(JobStatus.SUCCEEDED);
                assertThat(done.statusDetails().orElseThrow()).containsEntry("stdout", "Hello, device");
            }
        }
    }
}
