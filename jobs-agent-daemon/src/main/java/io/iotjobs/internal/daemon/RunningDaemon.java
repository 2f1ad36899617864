package io.iotjobs.internal.daemon;

import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.agent.DeviceClientJobs;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.LocalJobsServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon while it runs: its connection, its agent and, with the local switch, the embedded broker and
 * local Jobs service (with the HTTP control API) and the directories of the run. {@link #close()} stops them
 * in order: the agent first (a running job is told to stop and left IN_PROGRESS for the next start), then the
 * connection, then the local service.
 */
public final class RunningDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningDaemon.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The ports of the local switch.
     *
     * @param mqttPort the broker's port (0: a free one)
     * @param httpPort the control API's port (0: a free one)
     */
    public record Local(int mqttPort, int httpPort) {}

    private final List<Path> runDirectories = new ArrayList<>();
    private LocalJobsServer server;
    private MqttConnection connection;
    private JobsAgent agent;
    private boolean closed;

    private RunningDaemon() {}

    /**
     * Starts the daemon: the local service if asked, the connection (waiting until it is connected), the agent.
     *
     * @param config the settings
     * @param local the local switch's ports, or {@code null} to connect as configured
     * @param out where the local switch prints how to reach its service
     * @return the running daemon
     * @throws IllegalStateException if it cannot start (what is started so far is stopped again)
     */
    public static RunningDaemon start(DaemonConfig config, Local local, PrintStream out) {
        RunningDaemon daemon = new RunningDaemon();
        try {
            daemon.run(config, local, out);
            return daemon;
        } catch (RuntimeException | IOException e) {
            daemon.close();
            throw new IllegalStateException("cannot start the agent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.close();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private void run(DaemonConfig config, Local local, PrintStream out) throws IOException, InterruptedException {
        List<Path> handlerDirectories = config.handlerDirectories();
        Path checkpoints = config.checkpointDirectory();
        MqttConnectionBuilder builder;
        if (local != null) {
            server = LocalJobsServer.builder()
                    .mqttPort(local.mqttPort())
                    .httpPort(local.httpPort())
                    .start();
            if (handlerDirectories.isEmpty()) {
                Path handlers = runDirectory("iotjobs-local-handlers");
                DeviceClientJobs.installStandardHandlers(handlers);
                Path hello = handlers.resolve(LocalHints.DEMO_HANDLER);
                Files.writeString(hello, "#!/bin/sh\nprintf 'hello %s\\n' \"${2:-world}\"\n");
                Files.setPosixFilePermissions(
                        hello, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                handlerDirectories = List.of(handlers);
            }
            if (checkpoints == null) {
                checkpoints = runDirectory("iotjobs-local-checkpoints");
            }
            builder =
                    MqttConnectionBuilder.plain("127.0.0.1", server.mqttPort()).clientId(config.thingName());
            LocalHints.print(out, server, config.thingName(), handlerDirectories);
        } else {
            builder = config.connection().builder();
        }
        connection = builder.build();
        agent = agent(config, handlerDirectories, checkpoints).build();
        agent.start();
        try {
            connection.connect().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "cannot connect to " + (local != null ? server.mqttUri() : config.connection()) + ": "
                            + (e.getCause() != null ? e.getCause() : e),
                    e);
        }
        LOG.atInfo()
                .addKeyValue("thingName", config.thingName())
                .addKeyValue("handlerDirectories", handlerDirectories)
                .log("agent running");
    }

    private JobsAgent.Builder agent(DaemonConfig config, List<Path> handlerDirectories, Path checkpoints) {
        JobsAgent.Builder builder =
                JobsAgent.builder(connection, config.thingName()).listener(new JobLog());
        if (checkpoints != null) {
            builder.checkpointStore(CheckpointStore.inDirectory(checkpoints));
        }
        if (config.stepTimeoutMinutes() != null) {
            builder.stepTimeout(Duration.ofMinutes(config.stepTimeoutMinutes()));
        }
        if (config.jobTimeLimit() != null) {
            builder.handlerTimeLimit(config.jobTimeLimit());
        }
        if (config.deviceClientJobs()) {
            DeviceClientJobs.Builder jobs =
                    DeviceClientJobs.builder(handlerDirectories.get(0)).runCommands(config.runCommands());
            handlerDirectories.stream().skip(1).forEach(jobs::handlerDirectory);
            if (config.workDirectory() != null) {
                jobs.workDirectory(config.workDirectory());
            }
            if (config.stepTimeLimit() != null) {
                jobs.stepTimeLimit(config.stepTimeLimit());
            }
            if (config.killGracePeriod() != null) {
                jobs.killGracePeriod(config.killGracePeriod());
            }
            config.environment().forEach(jobs::environment);
            builder.deviceClientJobs(jobs.build());
        }
        return builder;
    }

    private Path runDirectory(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        runDirectories.add(directory);
        return directory;
    }

    /**
     * The local service, with the local switch.
     *
     * @return the server, or {@code null}
     */
    public LocalJobsServer localServer() {
        return server;
    }

    /**
     * The agent.
     *
     * @return the agent
     */
    public JobsAgent agent() {
        return agent;
    }

    /** Stops the agent, the connection and the local service; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping");
        boolean clean = true;
        if (agent != null) {
            clean = agent.close(CLOSE_TIMEOUT);
        }
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
        runDirectories.forEach(RunningDaemon::delete);
        LOG.atInfo()
                .addKeyValue("clean", clean)
                .log(clean ? "stopped cleanly" : "stopped, with a handler still running");
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot delete {}: {}", directory, e.toString());
        }
    }
}
