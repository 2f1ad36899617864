package io.iotjobs.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.DeviceClientJobs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: help, bad options and settings (exit code 2, the fault named), and the handler installer. */
class DaemonCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new DaemonCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        command.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--config=<file>", "--local", "--install-handlers=<dir>", "--log-json", "SIGTERM");
    }

    @Test
    void withoutSettingsOrTheLocalSwitchItSaysWhatIsMissing() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("--config <file> is required (or --local to try the agent out)");
        assertThat(run("--local", "--mqtt-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--mqtt-port and --http-port: must be 0 (a free port) to 65535, got 70000");
    }

    @Test
    void badSettingsExitWithTheKeyNamed() throws Exception {
        Path config = Files.writeString(
                dir.resolve("agent.properties"),
                "thingName=dev-1\nconnection.endpoint=e\n"
                        + "connection.type=plain\nhandlerDirectories=/h\nstepTimeLimit=forever\n");
        assertThat(run("--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(config + ": stepTimeLimit: must be a positive duration");
        assertThat(run("--config", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--config: cannot read " + dir.resolve("missing.json"));
    }

    @Test
    void theStandardHandlersAreInstalledWithTheRequiredPermissions() throws Exception {
        Path handlers = dir.resolve("handlers");
        assertThat(run("--install-handlers", handlers.toString())).isZero();
        assertThat(out()).contains("installed download-file.sh, install-packages.sh");
        for (String name : DeviceClientJobs.standardHandlers()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(handlers.resolve(name))))
                    .as(name)
                    .isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(handlers)))
                .isEqualTo("rwx------");
    }
}
