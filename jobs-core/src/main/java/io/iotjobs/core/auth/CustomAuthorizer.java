package io.iotjobs.core.auth;

import io.iotjobs.internal.auth.QueryEncoding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An AWS IoT custom authorizer to connect through: its name and, for an authorizer with token signing, the token
 * key name, the token and its signature. Pass it to
 * {@link io.iotjobs.core.MqttConnectionBuilder#customAuthorizer(String, CustomAuthorizer)} (MQTT over TLS on port
 * 443 with ALPN {@code mqtt}) or to {@link io.iotjobs.core.MqttConnectionBuilder#customAuthorizer(CustomAuthorizer)}
 * on a WebSocket connection. Immutable and thread-safe; {@link #toString()} shows no token or signature.
 *
 * <p>As AWS documents it (<a href="https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth.html">
 * Connecting to AWS IoT Core by using custom authentication</a>): over MQTT the CONNECT user name carries a query
 * string after {@code ?}, {@code username?x-amz-customauthorizer-name=NAME&x-amz-customauthorizer-signature=SIG&TOKENKEY=TOKEN};
 * over WebSockets the same values travel as headers of the HTTP upgrade request. The password, if any, is passed
 * through as it is.
 */
public final class CustomAuthorizer {

    /** The user name parameter and upgrade request header naming the authorizer. */
    public static final String NAME_PARAMETER = "x-amz-customauthorizer-name";
    /** The user name parameter and upgrade request header carrying the token signature. */
    public static final String SIGNATURE_PARAMETER = "x-amz-customauthorizer-signature";

    /** AWS IoT's rule for authorizer names (CreateAuthorizer: 1 to 128 of these). */
    private static final Pattern NAME = Pattern.compile("[\\w=,@-]{1,128}");
    /** AWS IoT's rule for token key names (CreateAuthorizer tokenKeyName: 1 to 128 of these). */
    private static final Pattern TOKEN_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    private final String name;
    private final String tokenKeyName;
    private final String token;
    private final String signature;

    private CustomAuthorizer(String name, String tokenKeyName, String token, String signature) {
        this.name = name;
        this.tokenKeyName = tokenKeyName;
        this.token = token;
        this.signature = signature;
    }

    /**
     * An authorizer without token signing (it reads the user name and password, or a token the device passes in
     * them).
     *
     * @param name the authorizer's name in AWS IoT: 1 to 128 letters, digits or {@code _ = , @ -}
     * @return the authorizer
     * @throws IllegalArgumentException naming {@code customAuthorizer.name} if the name is not one AWS IoT allows
     */
    public static CustomAuthorizer named(String name) {
        Objects.requireNonNull(name, "customAuthorizer.name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("customAuthorizer.name: \"" + name + "\" is not an AWS IoT authorizer"
                    + " name (1 to 128 letters, digits or _ = , @ -)");
        }
        return new CustomAuthorizer(name, null, null, null);
    }

    /**
     * The same authorizer, with token signing: the token under its key name and the token's signature.
     *
     * @param tokenKeyName the authorizer's token key name: 1 to 128 letters, digits, {@code _} or {@code -}
     * @param token the token
     * @param signature the token's signature (base64, as the authorizer's signing key made it)
     * @return a new authorizer
     * @throws IllegalArgumentException naming the option that is missing or not allowed
     */
    public CustomAuthorizer withSignedToken(String tokenKeyName, String token, String signature) {
        Objects.requireNonNull(tokenKeyName, "customAuthorizer.tokenKeyName");
        if (!TOKEN_KEY.matcher(tokenKeyName).matches()) {
            throw new IllegalArgumentException("customAuthorizer.tokenKeyName: \"" + tokenKeyName + "\" is not an"
                    + " AWS IoT token key name (1 to 128 letters, digits, _ or -)");
        }
        if (tokenKeyName.equalsIgnoreCase(NAME_PARAMETER) || tokenKeyName.equalsIgnoreCase(SIGNATURE_PARAMETER)) {
            throw new IllegalArgumentException("customAuthorizer.tokenKeyName: \"" + tokenKeyName + "\" is one of"
                    + " the parameters AWS IoT reserves");
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("customAuthorizer.token: missing");
        }
        if (signature == null || signature.isEmpty()) {
            throw new IllegalArgumentException("customAuthorizer.signature: missing");
        }
        return new CustomAuthorizer(name, tokenKeyName, token, signature);
    }

    /**
     * The authorizer's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The token key name, for an authorizer with token signing.
     *
     * @return the key name, if set
     */
    public Optional<String> tokenKeyName() {
        return Optional.ofNullable(tokenKeyName);
    }

    /**
     * The MQTT CONNECT user name that calls this authorizer: the user's own user name (possibly empty), then
     * {@code ?} and the authorizer's parameters, their values percent-encoded.
     *
     * @param username the user's own user name, or {@code null} for none
     * @return the user name to send
     * @throws IllegalArgumentException naming {@code credentials} if the user name already holds a {@code ?}
     */
    public String username(String username) {
        String own = username == null ? "" : username;
        if (own.indexOf('?') >= 0) {
            throw new IllegalArgumentException("credentials: with a custom authorizer the user name must not contain"
                    + " '?' (AWS IoT reads the authorizer's parameters after it)");
        }
        StringBuilder out = new StringBuilder(own).append('?');
        boolean first = true;
        for (Map.Entry<String, String> parameter : parameters().entrySet()) {
            if (!first) {
                out.append('&');
            }
            first = false;
            out.append(parameter.getKey()).append('=').append(QueryEncoding.encode(parameter.getValue()));
        }
        return out.toString();
    }

    /**
     * The headers of a WebSocket upgrade request that calls this authorizer, in the order AWS's example lists them.
     *
     * @return header name to value
     */
    public Map<String, String> headers() {
        return parameters();
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(NAME_PARAMETER, name);
        if (tokenKeyName != null) {
            parameters.put(SIGNATURE_PARAMETER, signature);
            parameters.put(tokenKeyName, token);
        }
        return parameters;
    }

    @Override
    public String toString() {
        return "CustomAuthorizer{" + name + (tokenKeyName == null ? "" : ", signed token " + tokenKeyName) + "}";
    }
}
