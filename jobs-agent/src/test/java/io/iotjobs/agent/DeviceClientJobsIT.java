package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.iotjobs.model.JobStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Documents in the shape of the Device Client's {@code sample-job-docs} (both schemas) and the AWS managed job
 * templates, run end to end on the local service with the standard handlers.
 */
class DeviceClientJobsIT extends DeviceClientITBase {

    private static final String ME = System.getProperty("user.name");

    private static String step(String name, String handler, String args, String extra) {
        return "{'action':{'name':'" + name + "','type':'runHandler','input':{'handler':'" + handler + "'," + "'args':["
                + args + "],'path':'default'}" + extra + "}}";
    }

    @Test
    void documentsOfTheStepsSchemaRunTheirStepsAndTheFinalStep() throws Exception {
        AgentEvents events = new AgentEvents();
        handler("echo", "printf '%s\\n' \"$@\"");
        startAgent(events, b -> b.runCommands(true));

        // install, then a cleanup step, as the Device Client's README shows; runAsUser is the agent's own user
        createJob(
                "install-1",
                "{'version':'1.0','steps':["
                        + step(
                                "Install-Packages",
                                "install-packages.sh",
                                "'lftp','dos2unix'",
                                ",'runAsUser':'" + ME + "'")
                        + "],'finalStep':"
                        + step("Remove-Packages", "remove-packages.sh", "'dos2unix'", ",'runAsUser':'" + ME + "'")
                        + "}");
        Map<String, String> installed = finished(events, "install-1", JobStatus.SUCCEEDED);
        assertThat(installed).containsEntry("steps", "2 run, all succeeded");
        assertThat(trace()).containsExactly("apt-get install -y lftp dos2unix", "apt-get remove -y dos2unix");

        // the echo sample: a handler without a path, found in the handler directory; its output reported
        createJob(
                "echo-1",
                "{'version':'1.0','includeStdOut':true,'steps':[{'action':{'name':'Echo Messages',"
                        + "'type':'runHandler','input':{'handler':'echo','args':['Hello IoT World!']}}}]}");
        assertThat(finished(events, "echo-1", JobStatus.SUCCEEDED)).containsEntry("stdout", "\u21b5Hello IoT World!");

        // the shell-command sample, with commands enabled: an argument vector from a comma-separated command
        Path made = scratch.resolve("newDir");
        createJob(
                "command-1",
                "{'version':'1.0','steps':[{'action':{'name':'Create New Directory',"
                        + "'type':'runCommand','input':{'command':'mkdir," + made + "'}}}]}");
        finished(events, "command-1", JobStatus.SUCCEEDED);
        assertThat(made).isDirectory();
    }

    @Test
    void documentsOfTheOperationSchemaRunTheirHandler() throws Exception {
        AgentEvents events = new AgentEvents();
        handler("warn.sh", "echo first warning >&2; echo second warning >&2; echo done");
        startAgent(events, b -> b);

        createJob(
                "install-1",
                "{'operation':'install-packages.sh','args':['lftp','dos2unix'],'path':'default'," + "'allowStdErr':2}");
        finished(events, "install-1", JobStatus.SUCCEEDED);
        createJob("remove-1", "{'operation':'remove-packages.sh','args':['lftp','dos2unix'],'path':'default'}");
        finished(events, "remove-1", JobStatus.SUCCEEDED);
        assertThat(trace()).containsExactly("apt-get install -y lftp dos2unix", "apt-get remove -y lftp dos2unix");

        createJob("warn-1", "{'operation':'warn.sh','allowStdErr':2,'includeStdOut':true}");
        assertThat(finished(events, "warn-1", JobStatus.SUCCEEDED)).containsEntry("stdout", "done");
        createJob("warn-2", "{'operation':'warn.sh','allowStdErr':1}");
        Map<String, String> failed = finished(events, "warn-2", JobStatus.FAILED);
        assertThat(failed.get("reason"))
                .isEqualTo("step 1/1 \"warn.sh\" wrote 2 lines to standard error, more than " + "the 1 allowed");
        assertThat(failed)
                .containsEntry("stderr", "first warning\u21b5second warning")
                .doesNotContainKey("stdout");
    }

    @Test
    void theManagedTemplatesRunWithTheStandardHandlers() throws Exception {
        AgentEvents events = new AgentEvents();
        startAgent(events, b -> b.runCommands(true));
        Map<String, Map<String, String>> jobs = Map.of(
                "AWS-Install-Application", Map.of("packages", "lftp dos2unix"),
                "AWS-Remove-Application", Map.of("packages", "dos2unix", "runAsUser", ME),
                "AWS-Start-Application", Map.of("services", "nginx cron"),
                "AWS-Stop-Application", Map.of("services", "nginx", "pathToHandler", handlers.toString()),
                "AWS-Restart-Application", Map.of("services", "cron"),
                "AWS-Run-Command", Map.of("command", "touch," + scratch.resolve("touched")));
        for (String template : new java.util.TreeSet<>(jobs.keySet())) {
            createJob(template.toLowerCase(), ManagedTemplates.document(template, jobs.get(template)));
            finished(events, template.toLowerCase(), JobStatus.SUCCEEDED);
        }
        assertThat(trace())
                .containsExactly(
                        "apt-get install -y lftp dos2unix",
                        "apt-get remove -y dos2unix",
                        "systemctl restart cron",
                        "systemctl start nginx",
                        "systemctl start cron",
                        "systemctl stop nginx");
        assertThat(scratch.resolve("touched")).exists();
    }

    @Test
    void theDownloadFileTemplateAndSampleFetchAFile() throws Exception {
        assumeTrue(
                hasDownloader() || "1".equals(System.getenv("IOTJOBS_REQUIRE_CURL")),
                "neither curl nor wget is installed (set IOTJOBS_REQUIRE_CURL=1 to fail instead)");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fw.bin", exchange -> {
            byte[] body = "firmware 2.4.1".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            AgentEvents events = new AgentEvents();
            startAgent(events, b -> b);
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Path target = scratch.resolve("downloads/fw.bin");
            createJob(
                    "download-1",
                    ManagedTemplates.document(
                            "AWS-Download-File",
                            Map.of("downloadUrl", url + "/fw.bin", "filePath", target.toString())));
            finished(events, "download-1", JobStatus.SUCCEEDED);
            assertThat(target).hasContent("firmware 2.4.1");

            createJob(
                    "download-2",
                    "{'operation':'download-file.sh','args':['" + url + "/missing','" + target
                            + ".2'],'path':'default'}");
            Map<String, String> failed = finished(events, "download-2", JobStatus.FAILED);
            assertThat(failed.get("stderr")).contains("404");
            assertThat(Files.list(target.getParent()))
                    .as("no partial file left")
                    .hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    private static boolean hasDownloader() {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, "curl")) || Files.isExecutable(Path.of(dir, "wget"))) {
                return true;
            }
        }
        return false;
    }
}
