package io.iotjobs.testkit;

import io.iotjobs.internal.testkit.FileStore;
import java.util.List;
import java.util.Optional;

/**
 * The local service's stand-in for S3: the files that presigned-URL placeholders in job documents name. A
 * document with {@code ${aws:iot:s3-presigned-url:https://s3.amazonaws.com/firmware/v2.bin}} (and a
 * {@link PresignedUrlConfig}) reaches the device with a URL that serves the file {@code firmware/v2.bin} stored
 * here, until it expires. The {@link HttpControlApi} serves those URLs (and takes uploads,
 * {@code PUT /files/<bucket>/<key>}); in a test, {@link #download(String)} reads a URL as a device would. Get it
 * from {@link LocalJobsService#files()}. Thread-safe; files live in memory.
 */
public final class JobFiles {

    private final FileStore store;

    JobFiles(FileStore store) {
        this.store = store;
    }

    /**
     * Stores a file, replacing one of the same name.
     *
     * @param bucket 3–63 characters of {@code [a-z0-9.-]}
     * @param key 1–1024 characters, not starting with {@code /}
     * @param content the bytes
     * @throws IllegalArgumentException if the bucket or key is malformed
     */
    public void put(String bucket, String key, byte[] content) {
        store.put(bucket, key, content);
    }

    /**
     * A stored file.
     *
     * @param bucket the bucket
     * @param key the key
     * @return the bytes, or empty
     */
    public Optional<byte[]> get(String bucket, String key) {
        return store.get(bucket, key);
    }

    /**
     * Deletes a file.
     *
     * @param bucket the bucket
     * @param key the key
     * @return whether there was one
     */
    public boolean delete(String bucket, String key) {
        return store.delete(bucket, key);
    }

    /**
     * The stored files.
     *
     * @return {@code bucket/key} names, sorted
     */
    public List<String> list() {
        return store.list();
    }

    /**
     * Reads what a presigned URL handed to a device serves, at the service clock's current time.
     *
     * @param url the URL from a job document
     * @return the file's bytes
     * @throws IllegalStateException if the URL expired or was not handed out by this service
     * @throws IllegalArgumentException if no file is stored under its name
     */
    public byte[] download(String url) {
        FileStore.Answer answer = store.fetch(url);
        if (answer instanceof FileStore.Answer.Found found) {
            return found.content();
        }
        if (answer instanceof FileStore.Answer.Denied denied) {
            throw new IllegalStateException("url: " + denied.reason());
        }
        throw new IllegalArgumentException("url: no file " + ((FileStore.Answer.Missing) answer).name());
    }
}
