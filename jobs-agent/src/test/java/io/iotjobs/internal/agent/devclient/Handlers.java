package io.iotjobs.internal.agent.devclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small POSIX shell handlers for tests. */
public final class Handlers {

    private Handlers() {}

    /** Creates a handler directory with permissions 700. */
    public static Path directory(Path parent, String name) {
        try {
            return Files.createDirectory(
                    parent.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code #!/bin/sh} and the body to {@code directory/name} with permissions 700. */
    public static Path write(Path directory, String name, String body) {
        return write(directory, name, body, "rwx------");
    }

    /** Writes a handler with the given permissions ({@code rwxrwxrwx} style). */
    public static Path write(Path directory, String name, String body, String permissions) {
        Path file = directory.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
