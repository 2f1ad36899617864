package io.iotjobs.core.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where a WebSocket connection signed with Signature Version 4 gets its AWS credentials. The connection asks
 * before every connection attempt, the first and each reconnect, so a source that refreshes temporary
 * credentials is honoured. Called on the connection's own thread; it may block briefly (a cached value is best).
 *
 * <p>For an AWS SDK for Java 2.x credentials provider (the default chain, profiles, roles), use
 * {@code AwsSdkCredentials.from(provider)} of the module {@code jobs-auth-awssdk}, which this module does not
 * depend on.
 */
@FunctionalInterface
public interface CredentialsSource {

    /** The environment variable with the access key id. */
    String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    /** The environment variable with the secret access key. */
    String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    /** The environment variable with the session token of temporary credentials. */
    String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    /**
     * The credentials to sign the next connection attempt with.
     *
     * @return the credentials
     * @throws IllegalStateException if there are none now; the message says why, and the connection attempt
     *     fails with it
     */
    AwsCredentials credentials();

    /**
     * Always the same credentials.
     *
     * @param credentials the credentials
     * @return the source
     */
    static CredentialsSource of(AwsCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return () -> credentials;
    }

    /**
     * The credentials in the environment variables {@value #ACCESS_KEY_ID}, {@value #SECRET_ACCESS_KEY} and,
     * optionally, {@value #SESSION_TOKEN}, read before every attempt.
     *
     * @return the source
     */
    static CredentialsSource environment() {
        return fromVariables(System.getenv());
    }

    /**
     * The credentials in the given variables, read before every attempt, as {@link #environment()} reads the
     * process environment.
     *
     * @param variables the variables (read on each call, so a live map is honoured)
     * @return the source
     */
    static CredentialsSource fromVariables(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        return () -> {
            String id = variables.get(ACCESS_KEY_ID);
            String secret = variables.get(SECRET_ACCESS_KEY);
            if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
                throw new IllegalStateException("credentials missing: the environment variables " + ACCESS_KEY_ID
                        + " and " + SECRET_ACCESS_KEY + " must both be set");
            }
            String token = variables.get(SESSION_TOKEN);
            return AwsCredentials.of(id, secret, token == null || token.isBlank() ? null : token, (Instant) null);
        };
    }
}
