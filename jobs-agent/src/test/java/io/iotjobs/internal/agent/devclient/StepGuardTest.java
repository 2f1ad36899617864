package io.iotjobs.internal.agent.devclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security rules of Device Client steps: what the agent refuses to run, and the argument vectors it starts. */
class StepGuardTest {

    private static final String LABEL = "step 1/1 \"x\"";

    @TempDir
    Path root;

    private Path handlers;
    private Path other;

    @BeforeEach
    void directories() throws Exception {
        handlers = Handlers.directory(root, "handlers");
        other = Files.createDirectory(root.resolve("other"));
        Handlers.write(handlers, "ok.sh", "exit 0");
    }

    private static DcDocument.Step handler(String name, String path, String user, String... args) {
        return new DcDocument.Step("x", DcDocument.Type.RUN_HANDLER, name, path, List.of(args), user, false, null);
    }

    private static DcDocument.Step command(String user, String... argv) {
        return new DcDocument.Step("x", DcDocument.Type.RUN_COMMAND, null, null, List.of(argv), user, false, null);
    }

    private StepGuard guard(boolean runCommands, Privileges privileges) {
        return new StepGuard(List.of(handlers), runCommands, privileges);
    }

    private StepGuard guard() {
        return guard(false, FakePrivileges.unprivileged());
    }

    @Test
    void aHandlerStartsFromItsDirectoryWithTheUserFirstThenTheArguments() throws Exception {
        assertThat(guard().argv(handler("ok.sh", null, null, "a b", "$(reboot)"), LABEL))
                .containsExactly(handlers.resolve("ok.sh").toString(), "", "a b", "$(reboot)");
        assertThat(guard().argv(handler("ok.sh", "default", null), LABEL)).hasSize(2);
        assertThat(guard().argv(handler("ok.sh", handlers + "/", null), LABEL))
                .as("its own path, spelled another way")
                .hasSize(2);
        String me = FakePrivileges.unprivileged().user();
        assertThat(guard().argv(handler("ok.sh", null, me), LABEL))
                .as("running as the agent's own user needs no switch")
                .containsExactly(handlers.resolve("ok.sh").toString(), me);
    }

    @Test
    void aHandlerOutsideTheDirectoriesIsRefused() {
        Handlers.write(other, "evil.sh", "exit 0");
        assertThatThrownBy(() -> guard().argv(handler("../other/evil.sh", null, null), LABEL))
                .hasMessage(LABEL + ": handler \"../other/evil.sh\" must be a file name in a handler directory");
        assertThatThrownBy(() -> guard().argv(handler("evil.sh", other.toString(), null), LABEL))
                .hasMessageStartingWith(LABEL + ": path \"" + other + "\" is not one of the handler directories");
        assertThatThrownBy(() -> guard().argv(handler("missing.sh", null, null), LABEL))
                .hasMessageStartingWith(LABEL + ": no handler \"missing.sh\" in the handler directories");
        assertThatThrownBy(() -> guard().argv(handler("..", null, null), LABEL))
                .hasMessageContaining("must be a file name");
    }

    @Test
    void aLinkOutOfTheDirectoryIsRefused() throws Exception {
        Path target = Handlers.write(other, "evil.sh", "exit 0");
        Files.createSymbolicLink(handlers.resolve("link.sh"), target);
        assertThatThrownBy(() -> guard().argv(handler("link.sh", null, null), LABEL))
                .hasMessageContaining("leads out of its directory");
    }

    @Test
    void aHandlerWithoutTheDeviceClientsPermissionsIsRefused() {
        Handlers.write(handlers, "open.sh", "exit 0", "rwxrwxrwx");
        Handlers.write(handlers, "readable.sh", "exit 0", "rwxr-x---");
        Handlers.write(handlers, "plain.sh", "exit 0", "rw-------");
        assertThatThrownBy(() -> guard().argv(handler("open.sh", null, null), LABEL))
                .isInstanceOf(StepRefused.class)
                .hasMessage(LABEL + ": handler " + handlers.resolve("open.sh") + " has permissions 777 (rwxrwxrwx); "
                        + "a handler must have 700 (read, write and execute for its owner only)");
        assertThatThrownBy(() -> guard().argv(handler("readable.sh", null, null), LABEL))
                .hasMessageContaining("has permissions 750 (rwxr-x---)");
        assertThatThrownBy(() -> guard().argv(handler("plain.sh", null, null), LABEL))
                .hasMessageContaining("has permissions 600 (rw-------)");
    }

    @Test
    void aHandlerDirectoryOthersMayWriteToIsRefused() throws Exception {
        Files.setPosixFilePermissions(handlers, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> guard().argv(handler("ok.sh", null, null), LABEL))
                .hasMessage(LABEL + ": the handler directory " + handlers + " is writable by others (777 (rwxrwxrwx));"
                        + " it should be 700");
    }

    @Test
    void commandsRunOnlyWhenEnabledAndAsAnArgumentVector() throws Exception {
        assertThatThrownBy(() -> guard().argv(command(null, "mkdir", "newDir"), LABEL))
                .hasMessage(LABEL + " is a runCommand, and running commands is disabled on this device");
        assertThat(guard(true, FakePrivileges.unprivileged()).argv(command(null, "echo", "a;reboot"), LABEL))
                .containsExactly("echo", "a;reboot");
    }

    @Test
    void anotherUserIsHonouredOnlyWhenTheAgentCanSwitchUsers() throws Exception {
        assertThatThrownBy(() -> guard(true, FakePrivileges.unprivileged()).argv(command("app", "id"), LABEL))
                .hasMessage(LABEL + " asks to run as \"app\", but the agent runs as \""
                        + FakePrivileges.unprivileged().user() + "\" and cannot switch users");
        assertThatThrownBy(() -> guard(false, FakePrivileges.unprivileged()).argv(handler("ok.sh", null, "app"), LABEL))
                .hasMessageContaining("cannot switch users");

        StepGuard privileged = guard(true, FakePrivileges.switching("app"));
        assertThat(privileged.argv(command("app", "id", "-un"), LABEL))
                .containsExactly("switch-to", "app", "--", "id", "-un");
        assertThat(privileged.argv(handler("ok.sh", null, "app", "x"), LABEL))
                .as("the handler switches itself")
                .containsExactly(handlers.resolve("ok.sh").toString(), "app", "x");
        assertThatThrownBy(() -> privileged.argv(command("nobody-here", "id"), LABEL))
                .hasMessage(LABEL + " asks to run as \"nobody-here\", and there is no such user on this device");
        assertThatThrownBy(() -> privileged.argv(command("-oops", "id"), LABEL))
                .hasMessageContaining("is not a valid user name");
    }
}
