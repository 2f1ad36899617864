package io.iotjobs.internal.agent;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobStatus;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CheckpointStore#inDirectory(Path)}: one properties file per execution, written to a temporary file,
 * forced to the disk and moved over the old file atomically (then the directory is forced too where the
 * platform allows it).
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileCheckpointStore.class);
    /** The file-name suffix of a record. */
    static final String SUFFIX = ".checkpoint";

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;
    private final Object writeLock = new Object();

    /**
     * Creates the store; nothing is written until the first record.
     *
     * @param directory the root directory
     */
    public FileCheckpointStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Optional<Checkpoint> load(String thingName, String jobId, long executionNumber) {
        Path file = file(thingName, jobId, executionNumber);
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Path target = file(checkpoint.thingName(), checkpoint.jobId(), checkpoint.executionNumber());
        byte[] bytes = encode(checkpoint);
        synchronized (writeLock) {
            try {
                Files.createDirectories(target.getParent());
                Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
                try (FileChannel channel = FileChannel.open(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceDirectory(target.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + target, e);
            }
        }
    }

    @Override
    public void delete(String thingName, String jobId, long executionNumber) {
        Path target = file(thingName, jobId, executionNumber);
        synchronized (writeLock) {
            try {
                if (Files.deleteIfExists(target)) {
                    forceDirectory(target.getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete checkpoint " + target, e);
            }
        }
    }

    @Override
    public List<Checkpoint> list(String thingName) {
        Path folder = directory.resolve(encode(Objects.requireNonNull(thingName, "thingName")));
        List<Checkpoint> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    found.add(read(file));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable checkpoint {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + folder, e);
        }
        return found;
    }

    /**
     * The file of an execution's record.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     * @return the path
     */
    Path file(String thingName, String jobId, long executionNumber) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(jobId, "jobId");
        return directory.resolve(encode(thingName)).resolve(encode(jobId) + "." + executionNumber + SUFFIX);
    }

    @Override
    public String toString() {
        return "FileCheckpointStore[" + directory + "]";
    }

    private static void forceDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("cannot force directory {} (not supported on every platform): {}", folder, e.toString());
        }
    }

    /** Characters outside {@code [a-zA-Z0-9_-]} (a thing name's {@code :} for one) become {@code %XX}. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] encode(Checkpoint checkpoint) {
        Properties properties = new Properties();
        properties.setProperty("thingName", checkpoint.thingName());
        properties.setProperty("jobId", checkpoint.jobId());
        properties.setProperty("executionNumber", Long.toString(checkpoint.executionNumber()));
        properties.setProperty("starts", Integer.toString(checkpoint.starts()));
        properties.setProperty("updatedAt", checkpoint.updatedAt().toString());
        checkpoint.step().ifPresent(step -> properties.setProperty("step", step));
        checkpoint.outcome().ifPresent(outcome -> {
            properties.setProperty("outcome.status", outcome.status().wireName());
            properties.setProperty(
                    "outcome.keys", String.join(",", outcome.details().keySet()));
            outcome.details().forEach((key, value) -> properties.setProperty("outcome.detail." + key, value));
        });
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "job agent checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Checkpoint read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        try {
            JobResult outcome = null;
            String status = properties.getProperty("outcome.status");
            if (status != null) {
                Map<String, String> details = new LinkedHashMap<>();
                String keys = properties.getProperty("outcome.keys", "");
                for (String key : keys.isEmpty() ? new String[0] : keys.split(",")) {
                    details.put(key, required(properties, "outcome.detail." + key));
                }
                outcome = JobResult.of(JobStatus.fromWireName(status), details);
            }
            return Checkpoint.of(
                    required(properties, "thingName"),
                    required(properties, "jobId"),
                    Long.parseLong(required(properties, "executionNumber")),
                    properties.getProperty("step"),
                    Integer.parseInt(required(properties, "starts")),
                    outcome,
                    Instant.parse(required(properties, "updatedAt")));
        } catch (RuntimeException e) {
            throw new IOException("malformed checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }
}
