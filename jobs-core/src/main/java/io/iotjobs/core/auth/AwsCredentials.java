package io.iotjobs.core.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * AWS credentials for signing a WebSocket connection with Signature Version 4: an access key id, its secret, and
 * for temporary credentials a session token and an expiry. Immutable and thread-safe; {@link #toString()} shows
 * the access key id only.
 */
public final class AwsCredentials {

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Instant expiration;

    private AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        this.accessKeyId = required(accessKeyId, "accessKeyId");
        this.secretAccessKey = required(secretAccessKey, "secretAccessKey");
        if (sessionToken != null && sessionToken.isBlank()) {
            throw new IllegalArgumentException("sessionToken: must not be blank (pass null for none)");
        }
        this.sessionToken = sessionToken;
        this.expiration = expiration;
    }

    /**
     * Long-term credentials (an IAM user's access key).
     *
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret access key
     * @return the credentials
     * @throws IllegalArgumentException if a value is missing or blank, naming it
     */
    public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
        return new AwsCredentials(accessKeyId, secretAccessKey, null, null);
    }

    /**
     * Temporary credentials (from AWS STS, an assumed role or Amazon Cognito).
     *
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret access key
     * @param sessionToken the session token, or {@code null} for none
     * @param expiration when the credentials expire, or {@code null} if not known
     * @return the credentials
     * @throws IllegalArgumentException if a value is missing or blank, naming it
     */
    public static AwsCredentials of(
            String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, expiration);
    }

    /**
     * The access key id.
     *
     * @return the id
     */
    public String accessKeyId() {
        return accessKeyId;
    }

    /**
     * The secret access key.
     *
     * @return the secret
     */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /**
     * The session token of temporary credentials.
     *
     * @return the token, if any
     */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /**
     * When temporary credentials expire.
     *
     * @return the instant, if known
     */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": missing (null or blank)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AwsCredentials{" + accessKeyId + (sessionToken == null ? "" : ", temporary")
                + (expiration == null ? "" : ", expires " + expiration) + "}";
    }
}
