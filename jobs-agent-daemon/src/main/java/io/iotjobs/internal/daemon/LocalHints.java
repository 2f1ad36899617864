package io.iotjobs.internal.daemon;

import io.iotjobs.testkit.LocalJobsServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What the local switch prints: where its service listens and how to give the agent a job. */
final class LocalHints {

    /** The line a script (or a test) can wait for: the control API's address follows it. */
    static final String HTTP_LINE = "HTTP control API: ";
    /** A harmless handler the local switch adds to its handler directory, for the first job. */
    static final String DEMO_HANDLER = "hello.sh";

    private LocalHints() {}

    /** A CreateJob body for the demo handler: the document goes as a JSON string. */
    static String example(String thing) {
        String document = "{\\\"operation\\\":\\\"" + DEMO_HANDLER + "\\\",\\\"args\\\":[\\\"world\\\"],"
                + "\\\"includeStdOut\\\":true}";
        return "{\"targets\":[\"" + thing + "\"],\"document\":\"" + document + "\"}";
    }

    static void print(PrintStream out, LocalJobsServer server, String thing, List<Path> handlers) {
        out.println("Local AWS IoT Jobs service for trying the agent out");
        out.println("  MQTT broker:      " + server.mqttUri());
        out.println("  " + HTTP_LINE + server.httpUri());
        out.println("  thing:            " + thing);
        out.println("  handlers:         " + handlers);
        out.println("Give the agent a job, for example:");
        out.println("  curl -X PUT " + server.httpUri() + "/jobs/hello-1 -H 'Content-Type: application/json' \\");
        out.println("    -d '" + example(thing) + "'");
        out.println("  curl " + server.httpUri() + "/things/" + thing + "/jobs/hello-1");
        out.flush();
    }
}
