package io.iotjobs.internal.auth;

import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.spi.WebSocketSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The presigned WebSocket upgrade request of AWS IoT, one per connection attempt, as the AWS IoT Developer Guide
 * describes it in "MQTT over the WebSocket protocol"
 * (<a href="https://docs.aws.amazon.com/iot/latest/developerguide/mqtt-ws.html">mqtt-ws.html</a>): a
 * {@code GET /mqtt} whose query string carries {@code X-Amz-Algorithm}, {@code X-Amz-Credential} (the access key
 * id and the scope {@code date/region/iotdevicegateway/aws4_request}), {@code X-Amz-Date}, {@code X-Amz-Expires}
 * (86400, as AWS's example), {@code X-Amz-SignedHeaders=host} and {@code X-Amz-Signature}, the signature over the
 * canonical request with the {@code host} header and an empty payload. For temporary credentials
 * {@code X-Amz-Security-Token} is appended after signing: AWS IoT does not accept it inside the signature.
 *
 * <p>Credentials come from the user's {@link CredentialsSource} at each attempt; missing or expired credentials
 * fail the attempt before anything is sent.
 */
public final class IotWebSocketSigner implements Supplier<WebSocketSettings.Handshake> {

    /** The service name AWS IoT's device gateway signs with. */
    public static final String SERVICE = "iotdevicegateway";
    /** How long a signed URL is valid, as in AWS's example; the connection signs again before each attempt. */
    static final int EXPIRES_SECONDS = 86_400;

    private final String hostHeader;
    private final String path;
    private final String region;
    private final CredentialsSource credentials;
    private final Clock clock;

    /**
     * Creates the signer.
     *
     * @param host the endpoint's host name
     * @param port the port (the {@code host} header names it unless it is 443)
     * @param path the request path, e.g. {@code /mqtt}
     * @param region the AWS region, e.g. {@code eu-west-1}
     * @param credentials where the credentials come from
     * @param clock the time the signatures carry
     */
    public IotWebSocketSigner(
            String host, int port, String path, String region, CredentialsSource credentials, Clock clock) {
        this.hostHeader = port == 443 ? host : host + ":" + port;
        this.path = Objects.requireNonNull(path, "path");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public WebSocketSettings.Handshake get() {
        AwsCredentials current;
        try {
            current = credentials.credentials();
        } catch (RuntimeException e) {
            throw new IllegalStateException("sigV4: cannot get AWS credentials: " + e.getMessage(), e);
        }
        if (current == null) {
            throw new IllegalStateException("sigV4: credentials missing: the credentials source returned none");
        }
        Instant now = clock.instant();
        if (current.expiration().isPresent() && !current.expiration().get().isAfter(now)) {
            throw new IllegalStateException(
                    "sigV4: credentials expired at " + current.expiration().get() + " (now " + now
                            + "); the credentials source must return fresh credentials");
        }
        return new WebSocketSettings.Handshake(path, query(current, now), Map.of());
    }

    /**
     * The query string for the credentials at the instant.
     *
     * @param current the credentials
     * @param now the signing time
     * @return the presigned query string, without {@code ?}
     */
    String query(AwsCredentials current, Instant now) {
        String amzDate = SigV4.amzDate(now);
        String scope = SigV4.scope(amzDate, region, SERVICE);
        Map<String, String> headers = Map.of("host", hostHeader);
        String canonicalQuery = SigV4.canonicalQuery(List.of(
                Map.entry("X-Amz-Algorithm", SigV4.ALGORITHM),
                Map.entry("X-Amz-Credential", current.accessKeyId() + "/" + scope),
                Map.entry("X-Amz-Date", amzDate),
                Map.entry("X-Amz-Expires", Integer.toString(EXPIRES_SECONDS)),
                Map.entry("X-Amz-SignedHeaders", SigV4.signedHeaders(headers))));
        String canonicalRequest =
                SigV4.canonicalRequest("GET", path, canonicalQuery, headers, SigV4.EMPTY_PAYLOAD_SHA256);
        String signature =
                SigV4.signature(current.secretAccessKey(), scope, SigV4.stringToSign(amzDate, scope, canonicalRequest));
        StringBuilder query =
                new StringBuilder(canonicalQuery).append("&X-Amz-Signature=").append(signature);
        current.sessionToken()
                .ifPresent(token -> query.append("&X-Amz-Security-Token=").append(QueryEncoding.encode(token)));
        return query.toString();
    }
}
