package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A JDK HTTP client for the HTTP control API: JSON written with single quotes, answers as status, error type and
 * JSON body. {@link #dataPlane()} sends the requests as the AWS CLI's {@code iot-jobs-data} commands do, with the
 * service name {@code iot-jobs-data} in the credential scope of a SigV4 {@code Authorization} header.
 */
final class ControlHttp {

    /** The ARN prefix of the answers with the default region and account. */
    static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String service;

    /** An HTTP answer: status, error type header, JSON body (or null when empty). */
    record Answer(int status, String errorType, JsonNode body) {
        String message() {
            return body == null ? null : body.path("message").asText();
        }
    }

    ControlHttp(String base) {
        this(base, null);
    }

    private ControlHttp(String base, String service) {
        this.base = base;
        this.service = service;
    }

    /** The same server, signed for the Jobs data plane. */
    ControlHttp dataPlane() {
        return new ControlHttp(base, "iot-jobs-data");
    }

    Answer call(String method, String path, String json) {
        HttpRequest.BodyPublisher body = json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.replace('\'', '"'));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
        if (service != null) {
            request.header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=local/20300101/us-east-1/" + service
                            + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? null : RawDevice.json(response.body());
            if (parsed != null) {
                assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            }
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                    parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls and checks the answer is a 200; returns its body (null when empty). */
    JsonNode ok(String method, String path, String json) {
        Answer answer = call(method, path, json);
        assertThat(answer.status())
                .as("status of %s %s: %s", method, path, answer)
                .isEqualTo(200);
        return answer.body();
    }

    static void assertError(Answer answer, int status, String type, String field) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.errorType()).as("x-amzn-ErrorType of %s", answer).isEqualTo(type);
        assertThat(answer.message()).as("message of %s", answer).startsWith(field);
    }
}
