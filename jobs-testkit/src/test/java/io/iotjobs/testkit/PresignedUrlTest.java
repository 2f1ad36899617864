package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.JobDocument;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presigned-URL placeholders: replaced when the device gets the document, served until they expire. */
class PresignedUrlTest extends ServiceTestBase {

    private static final String ROLE = "arn:aws:iam::123456789012:role/jobs-presign";
    private static final JobDocument DOCUMENT = JobDocument.parse("{\"operation\":\"install\",\"url\":"
            + "\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/firmware/v2/image.bin}\"}");

    private HttpControlApi api;
    private ControlHttp http;

    @BeforeEach
    void startApi() {
        api = HttpControlApi.start(service, 0);
        http = new ControlHttp(api.uri());
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theDeviceGetsAUrlOfTheLocalFileStoreThatServesTheFileUntilItExpires() throws Exception {
        http.ok("PUT", "/files/firmware/v2/image.bin", "firmware bytes");
        control()
                .createJob(JobSpec.builder("fw")
                        .targets("d1")
                        .document(DOCUMENT)
                        .presignedUrlConfig(new PresignedUrlConfig(ROLE, Duration.ofSeconds(60)))
                        .build());
        RawDevice dev = device("d1");

        String url = dev.request("start-next", "{}")
                .json
                .path("execution")
                .path("jobDocument")
                .path("url")
                .asText();

        assertThat(url).startsWith(api.uri() + "/files/firmware/v2/image.bin?");
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("firmware bytes");
        assertThat(service.files().download(url)).isEqualTo(response.body());
        assertThat(get(url.replaceAll("X-Amz-Expires=\\d+", "X-Amz-Expires=9999999999"))
                        .statusCode())
                .as("a stretched expiry breaks the signature")
                .isEqualTo(403);
        assertThat(control().describeJob("fw").orElseThrow().document())
                .as("the job keeps the placeholder")
                .isEqualTo(DOCUMENT);

        clock.advance(Duration.ofSeconds(60));

        assertThat(get(url).statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> service.files().download(url)).hasMessageContaining("expired");
        String fresh = dev.request("fw/get", "{}")
                .json
                .path("execution")
                .path("jobDocument")
                .path("url")
                .asText();
        assertThat(get(fresh).statusCode()).as("a new URL with each document").isEqualTo(200);
    }

    @Test
    void placeholdersNeedAPresignedUrlConfigAndAnS3ObjectUrl() {
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .document(DOCUMENT)
                                .build()))
                .hasMessageStartingWith("presignedUrlConfig: required");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .document(JobDocument.parse("{\"u\":\"${aws:iot:s3-presigned-url:ftp://files/x}\"}"))
                                .presignedUrlConfig(new PresignedUrlConfig(ROLE, Duration.ofMinutes(5)))
                                .build()))
                .hasMessageStartingWith("document: a presigned-URL placeholder needs an S3 object URL");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .document(DOCUMENT)
                                .presignedUrlConfig(new PresignedUrlConfig(ROLE, Duration.ofSeconds(30)))
                                .build()))
                .hasMessageStartingWith("presignedUrlConfig.expiresInSec:");
        assertError(
                http.call(
                        "PUT",
                        "/jobs/fw",
                        "{'targets':['d1'],'document':'{}','presignedUrlConfig':"
                                + "{'roleArn':'short','expiresInSec':60}}"),
                400,
                "InvalidRequestException",
                "presignedUrlConfig.roleArn:");
        assertThat(control().listJobs()).isEmpty();
    }

    @Test
    void filesAreListedAndDeletedAndAMissingOneIsNoSuchKey() throws Exception {
        service.files().put("firmware", "v2/image.bin", new byte[] {1, 2});
        assertThat(http.ok("GET", "/files", null).path("files")).isEqualTo(json("['firmware/v2/image.bin']"));
        control()
                .createJob(JobSpec.builder("fw")
                        .targets("d1")
                        .document(DOCUMENT)
                        .presignedUrlConfig(new PresignedUrlConfig(ROLE, Duration.ofMinutes(5)))
                        .build());
        String url = device("d1")
                .request("start-next", "{}")
                .json
                .path("execution")
                .path("jobDocument")
                .path("url")
                .asText();
        http.ok("DELETE", "/files/firmware/v2/image.bin", null);

        HttpResponse<byte[]> response = get(url);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("NoSuchKey");
    }
}
