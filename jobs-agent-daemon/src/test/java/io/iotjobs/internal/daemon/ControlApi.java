package io.iotjobs.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Creates jobs through the local service's HTTP control API, as a user following the daemon's hints would. */
final class ControlApi {

    private ControlApi() {}

    /** CreateJob with the hints' example body for the thing. */
    static void createHelloJob(String httpUri, String jobId, String thing) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(httpUri + "/jobs/" + jobId))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(LocalHints.example(thing)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
