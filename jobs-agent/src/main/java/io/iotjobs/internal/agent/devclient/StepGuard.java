package io.iotjobs.internal.agent.devclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The security rules of Device Client steps, applied before anything runs: a handler only from a configured
 * handler directory (by a bare file name, not through a link out of it), with the permissions the Device Client
 * requires ({@code 700}: read, write and execute for its owner only), owned by the agent's user or root, in a
 * directory no one else may write to; {@code runCommand} only when the operator enabled it; {@code runAsUser}
 * only when the agent can switch users. Arguments always go to the program as an argument vector, never
 * through a shell. What passes becomes the argument vector to start.
 */
public final class StepGuard {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final Set<PosixFilePermission> HANDLER_PERMISSIONS = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final String DEFAULT_PATH = "default";

    private final List<Path> directories;
    private final boolean runCommands;
    private final Privileges privileges;

    /**
     * Creates the guard.
     *
     * @param directories the handler directories, searched in order
     * @param runCommands whether {@code runCommand} steps may run
     * @param privileges the agent's privileges
     */
    public StepGuard(List<Path> directories, boolean runCommands, Privileges privileges) {
        this.directories =
                directories.stream().map(d -> d.toAbsolutePath().normalize()).toList();
        this.runCommands = runCommands;
        this.privileges = Objects.requireNonNull(privileges, "privileges");
    }

    /**
     * The argument vector of a step, once it passed every rule.
     *
     * @param step the step
     * @param label how the step is named in reasons, e.g. {@code step 2/3 "Download-File"}
     * @return the program first, then its arguments
     * @throws StepRefused with the reason when a rule is broken
     */
    public List<String> argv(DcDocument.Step step, String label) throws StepRefused {
        String user = step.runAsUser();
        List<String> switchUser = List.of();
        if (user != null && !user.equals(privileges.user())) {
            switchUser = userSwitch(user, label);
        }
        List<String> argv = new ArrayList<>();
        if (step.type() == DcDocument.Type.RUN_COMMAND) {
            if (!runCommands) {
                throw new StepRefused(label + " is a runCommand, and running commands is disabled on this device");
            }
            argv.addAll(switchUser);
            argv.addAll(step.arguments());
            return argv;
        }
        // the Device Client's convention: the handler gets runAsUser first (empty when none), then the arguments
        argv.add(handler(step, label).toString());
        argv.add(user == null ? "" : user);
        argv.addAll(step.arguments());
        return argv;
    }

    private List<String> userSwitch(String user, String label) throws StepRefused {
        if (!Privileges.USER_NAME.matcher(user).matches()) {
            throw new StepRefused(label + " asks to run as \"" + user + "\", which is not a valid user name");
        }
        List<String> prefix = privileges
                .runAs(user)
                .orElseThrow(() -> new StepRefused(label + " asks to run as \"" + user + "\", but the agent runs as \""
                        + privileges.user() + "\" and cannot switch users"));
        if (!privileges.userExists(user)) {
            throw new StepRefused(label + " asks to run as \"" + user + "\", and there is no such user on this device");
        }
        return prefix;
    }

    private Path handler(DcDocument.Step step, String label) throws StepRefused {
        String name = step.handler();
        if (!FILE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new StepRefused(label + ": handler \"" + name + "\" must be a file name in a handler directory");
        }
        for (Path directory : candidates(step.path(), label)) {
            Path file = directory.resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                checkDirectory(directory, label);
                checkHandler(directory, file, label);
                return file;
            }
        }
        throw new StepRefused(label + ": no handler \"" + name + "\" in the handler directories " + shown(directories));
    }

    /** The directories a step may take its handler from: all configured ones, or the one its path names. */
    private List<Path> candidates(String path, String label) throws StepRefused {
        if (path == null || path.equals(DEFAULT_PATH)) {
            return directories;
        }
        Path asked = Path.of(path).toAbsolutePath().normalize();
        for (Path directory : directories) {
            if (directory.equals(asked) || sameFile(directory, asked)) {
                return List.of(directory);
            }
        }
        throw new StepRefused(
                label + ": path \"" + path + "\" is not one of the handler directories " + shown(directories));
    }

    private void checkDirectory(Path directory, String label) throws StepRefused {
        PosixFileAttributes attributes = attributes(directory, label);
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new StepRefused(label + ": the handler directory " + directory + " is writable by others ("
                    + octal(permissions) + "); it should be 700");
        }
        checkOwner(directory, label, "the handler directory " + directory);
    }

    private void checkHandler(Path directory, Path file, String label) throws StepRefused {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new StepRefused(label + ": cannot read handler " + file + ": " + e.getMessage());
        }
        if (!sameFile(real.getParent(), directory)) {
            throw new StepRefused(label + ": handler " + file + " leads out of its directory (to " + real + ")");
        }
        PosixFileAttributes attributes = attributes(real, label);
        if (!attributes.isRegularFile()) {
            throw new StepRefused(label + ": handler " + file + " is not a regular file");
        }
        if (!attributes.permissions().equals(HANDLER_PERMISSIONS)) {
            throw new StepRefused(label + ": handler " + file + " has permissions " + octal(attributes.permissions())
                    + "; a handler must have 700 (read, write and execute for its owner only)");
        }
        checkOwner(real, label, "handler " + file);
    }

    private void checkOwner(Path path, String label, String what) throws StepRefused {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new StepRefused(label + ": cannot tell who owns " + what + ": " + e.getMessage());
        }
        if (owner != 0 && owner != privileges.uid()) {
            throw new StepRefused(
                    label + ": " + what + " is owned by uid " + owner + ", neither the agent's user nor root");
        }
    }

    private static PosixFileAttributes attributes(Path path, String label) throws StepRefused {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new StepRefused(label + ": " + path + " does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            throw new StepRefused(label + ": cannot read the permissions of " + path + ": " + e.getMessage());
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Permissions as {@code 755}-style digits and {@code rwxr-xr-x}. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%03o", mode) + " (" + PosixFilePermissions.toString(permissions) + ")";
    }

    private static String shown(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
