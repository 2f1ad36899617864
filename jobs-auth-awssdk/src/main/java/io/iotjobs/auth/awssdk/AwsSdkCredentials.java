package io.iotjobs.auth.awssdk;

import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Credentials of the AWS SDK for Java 2.x for MQTT over WebSockets signed with Signature Version 4.
 *
 * <p>Every {@code AwsCredentialsProvider} of the AWS SDK (the default chain, profiles, IAM Identity Center, assumed
 * roles, container and instance credentials) is an {@code IdentityProvider<AwsCredentialsIdentity>}, so it can be
 * given here as it is:
 *
 * <pre>{@code
 * MqttConnection connection = MqttConnectionBuilder
 *         .websocketSigV4(endpoint, "eu-west-1", AwsSdkCredentials.from(DefaultCredentialsProvider.create()))
 *         .build();
 * }</pre>
 *
 * <p>The connection asks the returned source for credentials before every connection attempt, reconnects included,
 * so each attempt is signed with what the provider holds then; the AWS SDK's providers cache and refresh temporary
 * credentials themselves, and this adapter keeps nothing. The call runs on the connection's own thread and waits for
 * the provider at most the resolve timeout (30 seconds unless given), so a provider that fetches from the network
 * delays that attempt, never a callback of yours.
 *
 * <p>This module depends only on the AWS SDK's small {@code identity-spi} artifact; the providers come from whatever
 * AWS SDK modules the application already uses.
 */
public final class AwsSdkCredentials {

    /** How long an attempt waits for the provider unless told otherwise. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofSeconds(30);

    private AwsSdkCredentials() {}

    /**
     * A credentials source that resolves the provider's credentials for each connection attempt, waiting at most
     * {@link #DEFAULT_RESOLVE_TIMEOUT}.
     *
     * @param provider an AWS SDK for Java 2.x credentials provider
     * @return the source
     */
    public static CredentialsSource from(IdentityProvider<? extends AwsCredentialsIdentity> provider) {
        return from(provider, DEFAULT_RESOLVE_TIMEOUT);
    }

    /**
     * A credentials source that resolves the provider's credentials for each connection attempt.
     *
     * @param provider an AWS SDK for Java 2.x credentials provider
     * @param resolveTimeout how long an attempt waits for the provider (positive)
     * @return the source; its {@link CredentialsSource#credentials()} throws {@link IllegalStateException} naming the
     *     provider and the cause when the provider fails or does not answer in time, which fails that attempt
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static CredentialsSource from(
            IdentityProvider<? extends AwsCredentialsIdentity> provider, Duration resolveTimeout) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(resolveTimeout, "resolveTimeout");
        if (resolveTimeout.isZero() || resolveTimeout.isNegative()) {
            throw new IllegalArgumentException("resolveTimeout: must be positive, got " + resolveTimeout);
        }
        return () -> convert(resolve(provider, resolveTimeout));
    }

    private static AwsCredentialsIdentity resolve(
            IdentityProvider<? extends AwsCredentialsIdentity> provider, Duration timeout) {
        try {
            AwsCredentialsIdentity identity = provider.resolveIdentity().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (identity == null) {
                throw new IllegalStateException(
                        "credentials missing: the AWS SDK provider " + provider + " returned none");
            }
            return identity;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "the AWS SDK provider " + provider + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the AWS SDK provider " + provider + " gave no credentials within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the AWS SDK provider " + provider, e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            // a provider may also throw instead of failing its future (the SDK's synchronous providers do)
            throw new IllegalStateException("the AWS SDK provider " + provider + " failed: " + e.getMessage(), e);
        }
    }

    private static AwsCredentials convert(AwsCredentialsIdentity identity) {
        String token = identity instanceof AwsSessionCredentialsIdentity
                ? ((AwsSessionCredentialsIdentity) identity).sessionToken()
                : null;
        return AwsCredentials.of(
                identity.accessKeyId(),
                identity.secretAccessKey(),
                token,
                identity.expirationTime().orElse(null));
    }
}
