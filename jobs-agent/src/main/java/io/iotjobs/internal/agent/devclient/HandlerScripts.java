package io.iotjobs.internal.agent.devclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The standard handlers that come with the agent: POSIX shell scripts of this project, kept as resources of the
 * jar, and written into a handler directory with the permissions the handler requires.
 */
public final class HandlerScripts {

    /** The handlers, in the order the documentation lists them. */
    public static final List<String> NAMES = List.of(
            "download-file.sh",
            "install-packages.sh",
            "remove-packages.sh",
            "reboot.sh",
            "start-services.sh",
            "stop-services.sh",
            "restart-services.sh");
    /** The helper every standard handler reads (not a handler itself). */
    public static final String LIBRARY = "iotjobs-handler-lib.sh";

    private static final String RESOURCES = "/io/iotjobs/agent/handlers/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private HandlerScripts() {}

    /**
     * Writes the standard handlers and their helper into a directory (created if missing), each file and the
     * directory with permissions {@code 700}. Each file is written beside its target and moved over it.
     *
     * @param directory the handler directory
     * @throws IOException if a file cannot be written
     */
    public static void install(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, OWNER_ONLY);
        for (String name : NAMES) {
            copy(name, directory);
        }
        copy(LIBRARY, directory);
    }

    private static void copy(String name, Path directory) throws IOException {
        Path target = directory.resolve(name);
        Path temp = directory.resolve("." + name + ".tmp");
        try (InputStream in = HandlerScripts.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the agent's jar has no handler " + name);
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(temp, OWNER_ONLY);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
