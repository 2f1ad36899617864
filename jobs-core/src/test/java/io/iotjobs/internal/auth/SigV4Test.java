package io.iotjobs.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signer against AWS's published Signature Version 4 test data ({@code src/test/resources/sigv4}). */
class SigV4Test {

    private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "get-vanilla",
                "get-vanilla-empty-query-key",
                "get-vanilla-query-order-key",
                "get-vanilla-query-order-key-case",
                "get-header-value-order",
                "post-sts-header-after"
            })
    void signsTheSuiteCasesAsAwsDoes(String name) throws IOException {
        String[] lines = read(name, "req").split("\n");
        String[] requestLine = lines[0].split(" ");
        String method = requestLine[0];
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.add(Map.entry(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1))));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1),
                    (a, b) -> a + "," + b);
        }
        String amzDate = headers.get("x-amz-date");
        String scope = SigV4.scope(amzDate, "us-east-1", "service");

        String canonical =
                SigV4.canonicalRequest(method, path, SigV4.canonicalQuery(query), headers, SigV4.EMPTY_PAYLOAD_SHA256);
        assertThat(canonical).isEqualTo(read(name, "creq"));
        String stringToSign = SigV4.stringToSign(amzDate, scope, canonical);
        assertThat(stringToSign).isEqualTo(read(name, "sts"));
        String authorization = SigV4.ALGORITHM + " Credential=AKIDEXAMPLE/" + scope + ", SignedHeaders="
                + SigV4.signedHeaders(headers) + ", Signature=" + SigV4.signature(SUITE_SECRET, scope, stringToSign);
        assertThat(authorization).isEqualTo(read(name, "authz"));
    }

    @Test
    void presignsTheS3DocumentationExample() throws IOException {
        String name = "presign-s3-get-object";
        String amzDate = "20130524T000000Z";
        String scope = SigV4.scope(amzDate, "us-east-1", "s3");
        String query = SigV4.canonicalQuery(List.of(
                Map.entry("X-Amz-SignedHeaders", "host"),
                Map.entry("X-Amz-Expires", "86400"),
                Map.entry("X-Amz-Algorithm", SigV4.ALGORITHM),
                Map.entry("X-Amz-Date", amzDate),
                Map.entry("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/" + scope)));
        String canonical = SigV4.canonicalRequest(
                "GET", "/test.txt", query, Map.of("host", "examplebucket.s3.amazonaws.com"), "UNSIGNED-PAYLOAD");
        assertThat(canonical).isEqualTo(read(name, "creq"));
        String stringToSign = SigV4.stringToSign(amzDate, scope, canonical);
        assertThat(stringToSign).isEqualTo(read(name, "sts"));
        String url = "https://examplebucket.s3.amazonaws.com/test.txt?" + query + "&X-Amz-Signature="
                + SigV4.signature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", scope, stringToSign);
        assertThat(url).isEqualTo(read(name, "url"));
    }

    @Test
    void encodesAllButTheUnreservedCharacters() {
        assertThat(QueryEncoding.encode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
        assertThat(QueryEncoding.encode("a/b+c=d e&f")).isEqualTo("a%2Fb%2Bc%3Dd%20e%26f");
        assertThat(QueryEncoding.encode("ü")).isEqualTo("%C3%BC");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String read(String name, String extension) throws IOException {
        String resource = "/sigv4/" + name + "/" + name + "." + extension;
        try (InputStream in = SigV4Test.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
