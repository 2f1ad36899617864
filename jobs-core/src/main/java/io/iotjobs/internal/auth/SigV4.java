package io.iotjobs.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, the parts a presigned WebSocket URL needs: the canonical request, the string to sign,
 * the signing key and the signature, as the AWS General Reference describes them ("Create a canonical request",
 * "Create a string to sign", "Calculate the signature"). Checked against AWS's published test suite
 * ({@code src/test/resources/sigv4}).
 */
public final class SigV4 {

    /** The one algorithm. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of the empty payload, in hex. */
    public static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /**
     * The {@code X-Amz-Date} form of an instant: {@code yyyyMMdd'T'HHmmss'Z'} in UTC.
     *
     * @param instant the instant
     * @return the date-time
     */
    public static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /**
     * The credential scope: {@code yyyyMMdd/region/service/aws4_request}.
     *
     * @param amzDate the request's {@code X-Amz-Date}
     * @param region the region
     * @param service the service name
     * @return the scope
     */
    public static String scope(String amzDate, String region, String service) {
        return amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    }

    /**
     * The canonical query string: each name and value percent-encoded, sorted by encoded name then value, joined
     * with {@code &}.
     *
     * @param parameters name and value pairs, unencoded, in any order, names may repeat
     * @return the canonical query string
     */
    public static String canonicalQuery(List<Map.Entry<String, String>> parameters) {
        List<String> pairs = new ArrayList<>(parameters.size());
        for (Map.Entry<String, String> parameter : parameters) {
            pairs.add(QueryEncoding.encode(parameter.getKey()) + "=" + QueryEncoding.encode(parameter.getValue()));
        }
        pairs.sort((a, b) -> {
            String nameA = a.substring(0, a.indexOf('='));
            String nameB = b.substring(0, b.indexOf('='));
            int byName = nameA.compareTo(nameB);
            return byName != 0 ? byName : a.compareTo(b);
        });
        return String.join("&", pairs);
    }

    /**
     * The canonical request.
     *
     * @param method the HTTP method
     * @param canonicalUri the path, already normalised and encoded ({@code /} for none)
     * @param canonicalQuery the canonical query string ({@link #canonicalQuery})
     * @param headers the signed headers: lower-case name to value (values are trimmed and inner runs of spaces
     *     collapsed here)
     * @param payloadSha256 the payload's SHA-256 in hex, or a marker such as {@code UNSIGNED-PAYLOAD}
     * @return the canonical request
     */
    public static String canonicalRequest(
            String method,
            String canonicalUri,
            String canonicalQuery,
            Map<String, String> headers,
            String payloadSha256) {
        TreeMap<String, String> sorted = new TreeMap<>(headers);
        StringBuilder out = new StringBuilder()
                .append(method)
                .append('\n')
                .append(canonicalUri)
                .append('\n')
                .append(canonicalQuery)
                .append('\n');
        for (Map.Entry<String, String> header : sorted.entrySet()) {
            out.append(header.getKey())
                    .append(':')
                    .append(header.getValue().trim().replaceAll(" +", " "))
                    .append('\n');
        }
        return out.append('\n')
                .append(signedHeaders(headers))
                .append('\n')
                .append(payloadSha256)
                .toString();
    }

    /**
     * The signed headers list: the lower-case names, sorted, joined with {@code ;}.
     *
     * @param headers the signed headers
     * @return the list
     */
    public static String signedHeaders(Map<String, String> headers) {
        return String.join(";", new TreeMap<>(headers).keySet());
    }

    /**
     * The string to sign.
     *
     * @param amzDate the request's {@code X-Amz-Date}
     * @param scope the credential scope
     * @param canonicalRequest the canonical request
     * @return the string to sign
     */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    }

    /**
     * The signature: HMAC-SHA256 of the string to sign under the key derived from the secret, the date, the
     * region and the service.
     *
     * @param secretAccessKey the secret access key
     * @param scope the credential scope ({@code date/region/service/aws4_request})
     * @param stringToSign the string to sign
     * @return the signature in lower-case hex
     */
    public static String signature(String secretAccessKey, String scope, String stringToSign) {
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        key = hmac(key, parts[3]);
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /**
     * SHA-256 of a text's UTF-8 bytes, in lower-case hex.
     *
     * @param text the text
     * @return the hash
     */
    public static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available: " + e, e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
        }
    }
}
