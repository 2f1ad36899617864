package io.iotjobs.internal.agent.devclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the agent's process may do on this device: which user it runs as, and whether it can start a program as
 * another user. Only a process running as root can ({@code runuser}, else {@code sudo -n}); the agent never
 * relies on a password prompt or on sudo rules of an unprivileged user.
 */
public interface Privileges {

    /** User names the agent passes on: POSIX-portable names, never starting with a hyphen. */
    Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}");

    /**
     * The user the agent runs as.
     *
     * @return the user name
     */
    String user();

    /**
     * The numeric user id the agent runs as (for the handler ownership check).
     *
     * @return the uid, or -1 when the platform does not say
     */
    int uid();

    /**
     * The argument-vector prefix that runs a program as another user.
     *
     * @param user a user name matching {@link #USER_NAME}
     * @return the prefix, or empty when the agent cannot switch users
     */
    Optional<List<String>> runAs(String user);

    /**
     * Whether a user exists on this device.
     *
     * @param user a user name matching {@link #USER_NAME}
     * @return true if it does
     */
    boolean userExists(String user);

    /**
     * The privileges of this process.
     *
     * @return the privileges
     */
    static Privileges ofThisProcess() {
        return new Privileges() {
            @Override
            public String user() {
                return System.getProperty("user.name");
            }

            @Override
            public int uid() {
                try {
                    // /proc/self belongs to the process's effective user
                    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                    return -1;
                }
            }

            @Override
            public Optional<List<String>> runAs(String user) {
                if (uid() != 0) {
                    return Optional.empty();
                }
                Optional<Path> runuser = program("runuser");
                if (runuser.isPresent()) {
                    return Optional.of(List.of(runuser.get().toString(), "-u", user, "--"));
                }
                return program("sudo").map(sudo -> List.of(sudo.toString(), "-n", "-u", user, "--"));
            }

            @Override
            public boolean userExists(String user) {
                try {
                    Process id = new ProcessBuilder("id", "-u", user)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    return id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            private Optional<Path> program(String name) {
                for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
                return Optional.empty();
            }
        };
    }
}
