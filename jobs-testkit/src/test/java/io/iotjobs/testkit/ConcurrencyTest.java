package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many things driven at once by device threads, with control calls running concurrently. */
class ConcurrencyTest extends ServiceTestBase {

    private static final int THINGS = 200;
    private static final int JOBS = 5;
    private static final List<String> FINAL = List.of("SUCCEEDED", "FAILED", "REJECTED");

    private static String finalStatus(int job) {
        return FINAL.get(job % FINAL.size());
    }

    @Test
    void twoHundredThingsTimesFiveJobsRunToCompletion() throws Exception {
        List<String> things = new ArrayList<>();
        List<RawDevice> devices = new ArrayList<>();
        for (int t = 0; t < THINGS; t++) {
            things.add("thing-" + t);
            devices.add(device("thing-" + t));
        }
        // version numbers each device saw per job, in order
        Map<String, List<Long>> versions = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            // the jobs are created while the devices already poll
            List<Future<Integer>> runs = new ArrayList<>();
            for (RawDevice dev : devices) {
                runs.add(pool.submit(() -> runDevice(dev, versions)));
            }
            for (int j = 0; j < JOBS; j++) {
                control().createJob("job-" + j, doc("job-" + j), things, Optional.empty());
            }
            int completed = 0;
            for (Future<Integer> run : runs) {
                completed += run.get(120, TimeUnit.SECONDS);
            }
            assertThat(completed).isEqualTo(THINGS * JOBS);
        } finally {
            pool.shutdownNow();
        }

        for (String thing : things) {
            List<JobExecutionData> executions = control().listJobExecutionsForThing(thing);
            assertThat(executions).hasSize(JOBS);
            for (JobExecutionData e : executions) {
                int job = Integer.parseInt(e.jobId().substring("job-".length()));
                assertThat(e.rawStatus()).as("%s %s", thing, e.jobId()).contains(finalStatus(job));
                assertThat(e.versionNumber()).as("%s %s", thing, e.jobId()).hasValue(4);
                assertThat(versions.get(thing + "/" + e.jobId()))
                        .as("%s %s", thing, e.jobId())
                        .containsExactly(2L, 3L, 4L);
            }
        }
        for (int j = 0; j < JOBS; j++) {
            assertThat(control().describeJob("job-" + j).orElseThrow().status()).isEqualTo(JobInfo.Status.COMPLETED);
        }
    }

    /**
     * Works through a thing's jobs: start-next, update IN_PROGRESS with expectedVersion, then the final status
     * with expectedVersion, until all five are done.
     */
    private int runDevice(RawDevice dev, Map<String, List<Long>> versions) {
        int done = 0;
        while (done < JOBS) {
            JsonNode started = dev.request("start-next", "{'clientToken':'sn'}").json;
            if (!started.has("execution")) {
                // the jobs are not all created yet: wait for the next notify-next or notify, then poll again
                waitForEvent(dev);
                continue;
            }
            JsonNode execution = started.path("execution");
            String jobId = execution.path("jobId").asText();
            assertThat(execution.path("status").asText()).isEqualTo("IN_PROGRESS");
            List<Long> seen = versions.computeIfAbsent(dev.thingName + "/" + jobId, k -> new ArrayList<>());
            long v = execution.path("versionNumber").asLong();
            seen.add(v);

            RawDevice.Message progress = dev.request(
                    jobId + "/update",
                    "{'status':'IN_PROGRESS','expectedVersion':" + v
                            + ",'statusDetails':{'step':'half'},'includeJobExecutionState':true}");
            assertThat(progress.suffix).as("%s", progress).isEqualTo(jobId + "/update/accepted");
            v = progress.json.path("executionState").path("versionNumber").asLong();
            seen.add(v);

            int job = Integer.parseInt(jobId.substring("job-".length()));
            RawDevice.Message last = dev.request(
                    jobId + "/update",
                    "{'status':'" + finalStatus(job) + "','expectedVersion':'" + v
                            + "','includeJobExecutionState':true}");
            assertThat(last.suffix).as("%s", last).isEqualTo(jobId + "/update/accepted");
            assertThat(last.json.path("executionState").path("status").asText()).isEqualTo(finalStatus(job));
            seen.add(last.json.path("executionState").path("versionNumber").asLong());
            done++;
        }
        return done;
    }

    private static void waitForEvent(RawDevice dev) {
        if (!dev.skippedEvents().isEmpty()) {
            dev.skippedEvents().clear();
            return;
        }
        RawDevice.Message message = dev.next();
        assertThat(message.isEvent()).as("%s", message).isTrue();
    }

    @Test
    void concurrentUpdatesWithTheSameExpectedVersionLetExactlyOneThrough() throws Exception {
        createJob("j", "shared");
        int contenders = 20;
        List<RawDevice> devices = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            // several connections acting for the same thing
            devices.add(new RawDevice(broker, "shared", "shared-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (long version = 1; version <= 5; version++) {
                long expected = version;
                List<Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    RawDevice dev = devices.get(i);
                    String token = "v" + version + "-" + i;
                    sends.add(pool.submit(() -> dev.publish(
                            "j/update",
                            "{'status':'IN_PROGRESS','expectedVersion':" + expected + ",'clientToken':'" + token
                                    + "'}")));
                }
                for (Future<?> send : sends) {
                    send.get(10, TimeUnit.SECONDS);
                }
                // every connection sees every reply (shared broker): count them on one of them
                int accepted = 0;
                int mismatched = 0;
                for (int i = 0; i < contenders; ) {
                    RawDevice.Message reply = devices.get(0).next();
                    if (!reply.suffix.startsWith("j/update/")) {
                        // events, and the other connections' requests
                        continue;
                    }
                    i++;
                    if (reply.suffix.equals("j/update/accepted")) {
                        accepted++;
                    } else {
                        assertThat(reply.json.path("code").asText()).isEqualTo("VersionMismatch");
                        assertThat(reply.json
                                        .path("executionState")
                                        .path("versionNumber")
                                        .asLong())
                                .isEqualTo(expected + 1);
                        mismatched++;
                    }
                }
                assertThat(accepted).isEqualTo(1);
                assertThat(mismatched).isEqualTo(contenders - 1);
            }
        } finally {
            pool.shutdownNow();
            devices.forEach(RawDevice::close);
        }
        assertThat(control().describeJobExecution("shared", "j").orElseThrow().versionNumber())
                .hasValue(6);
        assertThat(control().describeJobExecution("shared", "j").orElseThrow().status())
                .contains(JobStatus.IN_PROGRESS);
    }

    @Test
    void timersControlAndDevicesInterleave() throws Exception {
        int count = 50;
        List<String> things = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            things.add("t-" + t);
        }
        control().createJob("timed", doc("timed"), things, Optional.of(java.time.Duration.ofMinutes(1)));
        List<RawDevice> devices = new ArrayList<>();
        for (String thing : things) {
            devices.add(device(thing));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (RawDevice dev : devices) {
                outcomes.add(pool.submit(() -> {
                    dev.request("start-next", "{}");
                    RawDevice.Message reply = dev.request("timed/update", "{'status':'SUCCEEDED'}");
                    return reply.suffix.endsWith("accepted")
                            ? "SUCCEEDED"
                            : reply.json.path("executionState").path("status").asText();
                }));
            }
            // meanwhile: the clock fires the in-progress timers, and control cancels with force
            pool.submit(() -> clock.advance(java.time.Duration.ofMinutes(2)));
            pool.submit(() -> control().cancelJob("timed", true));
            for (int i = 0; i < count; i++) {
                String outcome = outcomes.get(i).get(60, TimeUnit.SECONDS);
                JobExecutionData e =
                        control().describeJobExecution(things.get(i), "timed").orElseThrow();
                assertThat(e.rawStatus()).contains(outcome);
                assertThat(e.status().orElseThrow().isTerminal()).isTrue();
                // QUEUED -> IN_PROGRESS -> terminal, or QUEUED -> CANCELED
                assertThat(e.versionNumber().getAsLong()).isBetween(2L, 3L);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
