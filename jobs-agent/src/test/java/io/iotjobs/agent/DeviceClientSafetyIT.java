package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iotjobs.internal.agent.devclient.FakePrivileges;
import io.iotjobs.internal.agent.devclient.Handlers;
import io.iotjobs.internal.agent.devclient.Privileges;
import io.iotjobs.internal.agent.devclient.Processes;
import io.iotjobs.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Device Client handler's safety end to end: refused documents, a canceled step's process tree, a flood of
 * output, a reboot that completes after the agent restarts, and another user for a step.
 */
class DeviceClientSafetyIT extends DeviceClientITBase {

    private static String handlerStep(String handler, String path, String extra) {
        return "{'version':'1.0','steps':[{'action':{'name':'Step','type':'runHandler','input':{'handler':'" + handler
                + "'" + (path == null ? "" : ",'path':'" + path + "'") + "}" + extra + "}}]}";
    }

    @Test
    void aRefusedDocumentIsRejectedWithTheReasonAndNothingRuns() throws Exception {
        AgentEvents events = new AgentEvents();
        Path marker = scratch.resolve("ran");
        Path elsewhere = Files.createDirectories(checkpoints.resolve("elsewhere"));
        Handlers.write(elsewhere, "evil.sh", "touch " + marker);
        Handlers.write(handlers, "open.sh", "touch " + marker, "rwxrwxrwx");
        handler("fine.sh", "touch " + marker);
        start(agent(events)
                .deviceClientJobs(
                        deviceClient().privileges(FakePrivileges.unprivileged()).build()));

        createJob("outside-1", handlerStep("evil.sh", elsewhere.toString(), ""));
        assertThat(finished(events, "outside-1", JobStatus.REJECTED).get("reason"))
                .startsWith("step 1/1 \"Step\": path \"" + elsewhere + "\" is not one of the handler directories");
        createJob("outside-2", handlerStep("../elsewhere/evil.sh", null, ""));
        assertThat(finished(events, "outside-2", JobStatus.REJECTED).get("reason"))
                .isEqualTo("step 1/1 \"Step\": handler \"../elsewhere/evil.sh\" must be a file name in a handler "
                        + "directory");
        createJob("open-1", handlerStep("open.sh", "default", ""));
        assertThat(finished(events, "open-1", JobStatus.REJECTED).get("reason"))
                .isEqualTo("step 1/1 \"Step\": "
                        + "handler " + handlers.resolve("open.sh")
                        + " has permissions 777 (rwxrwxrwx); a handler must have 700 "
                        + "(read, write and execute for its owner only)");
        createJob(
                "command-1",
                "{'version':'1.0','steps':[{'action':{'name':'Step','type':'runCommand'," + "'input':{'command':'touch,"
                        + marker + "'}}}]}");
        assertThat(finished(events, "command-1", JobStatus.REJECTED).get("reason"))
                .isEqualTo("step 1/1 \"Step\" is a runCommand, and running commands is disabled on this device");
        createJob("user-1", handlerStep("fine.sh", null, ",'runAsUser':'someone-else'"));
        assertThat(finished(events, "user-1", JobStatus.REJECTED).get("reason"))
                .isEqualTo("step 1/1 \"Step\" asks to "
                        + "run as \"someone-else\", but the agent runs as \""
                        + Privileges.ofThisProcess().user()
                        + "\" and cannot switch users");
        // a refusal anywhere rejects the whole document: its good first step does not run either
        createJob(
                "mixed-1",
                "{'version':'1.0','steps':[{'action':{'name':'Good','type':'runHandler','input':"
                        + "{'handler':'fine.sh'}}}],'finalStep':{'action':{'name':'Bad','type':'runHandler','input':"
                        + "{'handler':'open.sh'}}}}");
        finished(events, "mixed-1", JobStatus.REJECTED);

        assertThat(marker).as("nothing ran").doesNotExist();
    }

    @Test
    void cancelingTheJobKillsItsLongStepsWholeProcessTree() throws Exception {
        AgentEvents events = new AgentEvents();
        Path pids = scratch.resolve("pids");
        handler("tree.sh", Processes.treeScript("\"$2\""));
        startAgent(events, b -> b);

        createJob(
                "long-1",
                "{'version':'1.0','steps':[{'action':{'name':'Long','type':'runHandler','input':"
                        + "{'handler':'tree.sh','args':['" + pids + "']}}}]}");
        Processes.awaitFile(pids, " ");
        service.control().cancelJob("long-1", true);

        JobOutcome outcome = events.awaitFinished("long-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.reportedByAgent()).isFalse();
        Processes.assertGone(pids, 3);
        assertThat(execution("long-1").status()).contains(JobStatus.CANCELED);
    }

    @Test
    void tenMegabytesOfOutputDoNotBreakTheReport() throws Exception {
        AgentEvents events = new AgentEvents();
        handler(
                "loud.sh",
                "head -c 10485760 /dev/zero | tr '\\0' x; echo; echo end of output;"
                        + " head -c 10485760 /dev/zero | tr '\\0' y >&2; echo >&2; echo end of errors >&2");
        startAgent(events, b -> b);

        createJob(
                "loud-1",
                "{'version':'1.0','includeStdOut':true,'steps':[{'action':{'name':'Loud',"
                        + "'type':'runHandler','input':{'handler':'loud.sh'}}}]}");
        Map<String, String> details = finished(events, "loud-1", JobStatus.SUCCEEDED);
        assertThat(details.get("stdout"))
                .hasSizeLessThanOrEqualTo(1024)
                .startsWith("\u2026x")
                .endsWith("x\u21b5end of output");
        assertThat(details.get("stderr")).hasSizeLessThanOrEqualTo(1024).endsWith("y\u21b5end of errors");
    }

    @Test
    void aRebootStepCompletesWhenTheAgentResumesTheJobAfterTheRestart() throws Exception {
        Path bootId = scratch.resolve("boot-id");
        Files.writeString(bootId, "boot-A\n", StandardCharsets.UTF_8);
        DeviceClientJobs jobs = deviceClient()
                .environment("IOTJOBS_BOOT_ID_FILE", bootId.toString())
                .environment("IOTJOBS_REBOOT_COMMAND", bin.resolve("fake-reboot") + " now")
                .build();
        AgentEvents before = new AgentEvents();
        JobsAgent first = start(agent(before).deviceClientJobs(jobs));

        createJob("reboot-1", ManagedTemplates.document("AWS-Reboot", Map.of()));
        Processes.awaitFile(trace, "fake-reboot now");
        // the device goes down: the agent stops (and the reboot step with it), and comes back in a new boot
        assertThat(first.close(Duration.ofSeconds(10))).isTrue();
        assertThat(before.awaitFinished("reboot-1").cancellation()).contains(CancellationReason.AGENT_CLOSING);
        assertThat(execution("reboot-1").status()).contains(JobStatus.IN_PROGRESS);
        Files.writeString(bootId, "boot-B\n", StandardCharsets.UTF_8);

        AgentEvents after = new AgentEvents();
        start(agent(after).deviceClientJobs(jobs));
        JobOutcome outcome = after.awaitFinished("reboot-1");
        assertThat(outcome.resumed()).isTrue();
        assertThat(execution("reboot-1").status()).contains(JobStatus.SUCCEEDED);
        assertThat(trace()).as("rebooted once").containsExactly("fake-reboot now");
        assertThat(work.resolve(thing)).as("the job's work directory is gone").isEmptyDirectory();
    }

    @Test
    void anotherUserIsHonouredWhenTheAgentRunsAsRoot() throws Exception {
        Privileges privileges = Privileges.ofThisProcess();
        assumeTrue(
                privileges.uid() == 0 && privileges.runAs("nobody").isPresent() && privileges.userExists("nobody"),
                "the agent's tests do not run as root, or there is no user nobody");
        AgentEvents events = new AgentEvents();
        startAgent(events, b -> b.runCommands(true));

        createJob(
                "whoami-1",
                "{'version':'1.0','includeStdOut':true,'steps':[{'action':{'name':'Who',"
                        + "'type':'runCommand','input':{'command':'id,-un'},'runAsUser':'nobody'}}]}");
        assertThat(finished(events, "whoami-1", JobStatus.SUCCEEDED)).containsEntry("stdout", "nobody");
    }
}
