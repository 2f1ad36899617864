package io.iotjobs.internal.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stand-in for the S3 objects that presigned URLs name: files by bucket and key, in memory, and the
 * URLs that hand them out until they expire. A URL is {@code <base>/files/<bucket>/<key>?X-Amz-Expires=<epoch
 * seconds>&X-Amz-Signature=<hex>}, where the signature (an HMAC with a key of this store) keeps a device from
 * stretching the expiry; the HTTP control API serves the base.
 *
 * <p>Thread-safe.
 */
public final class FileStore {

    /** The URL forms of an S3 object in a presigned-URL placeholder: path-style and virtual-hosted. */
    private static final Pattern PATH_STYLE = Pattern.compile(
            "https://s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com/" + "([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    private static final Pattern VIRTUAL_HOSTED = Pattern.compile(
            "https://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])" + "\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com/(.+)");

    /** An object: bucket and key. */
    public record ObjectRef(String bucket, String key) {}

    private final ConcurrentMap<String, byte[]> files = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;
    private final byte[] secret = new byte[32];
    private volatile String base = "http://127.0.0.1";

    FileStore(Supplier<Instant> clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(secret);
    }

    /**
     * Where the URLs point: the HTTP control API that serves them (the first one started for the service).
     *
     * @param uri {@code http://host:port}
     */
    public synchronized void serveAt(String uri) {
        if (base.equals("http://127.0.0.1")) {
            base = uri;
        }
    }

    /**
     * Stores a file (replacing one of the same bucket and key).
     *
     * @param bucket the bucket, as S3 names them (3–63 characters of {@code [a-z0-9.-]})
     * @param key the key, 1–1024 characters
     * @param content the bytes
     * @throws IllegalArgumentException if the bucket or key is malformed
     */
    public void put(String bucket, String key, byte[] content) {
        check(bucket, key);
        files.put(bucket + "/" + key, content.clone());
    }

    /**
     * A stored file.
     *
     * @param bucket the bucket
     * @param key the key
     * @return the bytes, or empty
     */
    public Optional<byte[]> get(String bucket, String key) {
        return Optional.ofNullable(files.get(bucket + "/" + key)).map(byte[]::clone);
    }

    /**
     * Deletes a file.
     *
     * @param bucket the bucket
     * @param key the key
     * @return whether there was one
     */
    public boolean delete(String bucket, String key) {
        return files.remove(bucket + "/" + key) != null;
    }

    /**
     * The stored files, as {@code bucket/key}, sorted.
     *
     * @return the names
     */
    public List<String> list() {
        return List.copyOf(new TreeMap<>(files).keySet());
    }

    /**
     * The object an S3 URL of a placeholder names.
     *
     * @param field the field for the message
     * @param s3Url {@code https://s3.amazonaws.com/<bucket>/<key>} or {@code https://<bucket>.s3.amazonaws.com/<key>}
     *     (a region may follow {@code s3})
     * @return the object
     * @throws IllegalArgumentException if it is no such URL
     */
    static ObjectRef parseS3(String field, String s3Url) {
        for (Pattern pattern : List.of(PATH_STYLE, VIRTUAL_HOSTED)) {
            Matcher m = pattern.matcher(s3Url);
            if (m.matches()) {
                return new ObjectRef(m.group(1), m.group(2));
            }
        }
        throw new IllegalArgumentException(field + ": a presigned-URL placeholder needs an S3 object URL such as"
                + " https://s3.amazonaws.com/<bucket>/<key>, got " + s3Url);
    }

    /**
     * A URL that serves an object until a time.
     *
     * @param object the object
     * @param expires when the URL stops working
     * @return the URL
     */
    String url(ObjectRef object, Instant expires) {
        String path = "/files/" + object.bucket() + "/" + object.key();
        long seconds = expires.getEpochSecond();
        return base + path + "?X-Amz-Expires=" + seconds + "&X-Amz-Signature=" + sign(path, seconds);
    }

    /** What a request for a URL of this store gets. */
    public sealed interface Answer {
        /** The file. */
        record Found(byte[] content) implements Answer {}

        /** Refused: expired, not signed by this store, or not a file URL. */
        record Denied(String reason) implements Answer {}

        /** No such file. */
        record Missing(String name) implements Answer {}
    }

    /**
     * Answers a request for a presigned URL at the service's current time.
     *
     * @param path the URL's path, {@code /files/<bucket>/<key>} (percent-decoded)
     * @param expires the {@code X-Amz-Expires} parameter, or {@code null}
     * @param signature the {@code X-Amz-Signature} parameter, or {@code null}
     * @return the answer
     */
    public Answer fetch(String path, String expires, String signature) {
        long seconds;
        try {
            seconds = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            return new Answer.Denied("X-Amz-Expires: missing or not a number");
        }
        if (signature == null || !signature.equals(sign(path, seconds))) {
            return new Answer.Denied("X-Amz-Signature: this URL was not handed out by the local Jobs service");
        }
        if (clock.get().getEpochSecond() >= seconds) {
            return new Answer.Denied("the URL expired at " + Instant.ofEpochSecond(seconds));
        }
        byte[] content = files.get(path.substring("/files/".length()));
        return content == null ? new Answer.Missing(path) : new Answer.Found(content.clone());
    }

    /**
     * Reads what a URL handed out by this store serves, as a device would download it.
     *
     * @param url the URL
     * @return the answer
     */
    public Answer fetch(String url) {
        URI uri = URI.create(url);
        Map<String, String> query = new HashMap<>();
        for (String pair : (uri.getRawQuery() == null ? "" : uri.getRawQuery()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fetch(uri.getPath(), query.get("X-Amz-Expires"), query.get("X-Amz-Signature"));
    }

    private String sign(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void check(String bucket, String key) {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("bucket: must be 3-63 characters of [a-z0-9.-], got " + bucket);
        }
        if (key.isEmpty() || key.length() > 1024 || key.startsWith("/")) {
            throw new IllegalArgumentException("key: must be 1-1024 characters, not starting with /, got " + key);
        }
    }
}
