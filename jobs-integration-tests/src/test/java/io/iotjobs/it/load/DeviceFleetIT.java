package io.iotjobs.it.load;

import static io.iotjobs.it.load.LoadBed.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 50 simulated devices, each with its own connection and V1 client, run the V1 job loop at the same time
 * ({@link V1Device}) over 20 jobs that target all of them: 10 created before the devices start, 10 while they
 * work (so idle devices are woken by notify-next).
 *
 * <p>What it proves: every one of the 1,000 executions ends SUCCEEDED exactly once, as the service records it
 * ({@code listJobExecutionsForJob}): status SUCCEEDED, version 3 (queued 1, started 2, succeeded 3),
 * execution number 1; the devices sent exactly 1,000 SUCCEEDED updates, none was rejected, and each device
 * ran each of the 20 jobs once.
 */
class DeviceFleetIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceFleetIT.class);
    private static final int DEVICES = 50;
    private static final int JOBS = 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void fiftyDevicesRunTwentyJobsEachExactlyOnce(BrokerKind kind) throws Exception {
        try (LoadBed bed = LoadBed.start(kind)) {
            List<String> things = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                things.add(bed.name("fleet-device"));
            }
            List<String> jobIds = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                jobIds.add(bed.name("fleet-job"));
            }
            for (int j = 0; j < JOBS / 2; j++) {
                createJob(bed, jobIds.get(j), things);
            }

            AtomicInteger succeededSent = new AtomicInteger();
            List<V1Device> devices = new ArrayList<>();
            List<MqttConnection> connections = bed.connectAll("fleet", DEVICES);
            for (int d = 0; d < DEVICES; d++) {
                V1Device device = new V1Device(things.get(d), connections.get(d), JOBS, succeededSent);
                devices.add(device);
                bed.closeLater(device::close);
            }
            long start = System.nanoTime();
            await(
                    CompletableFuture.allOf(
                            devices.stream().map(V1Device::start).toArray(CompletableFuture[]::new)),
                    "starting the devices");
            for (int j = JOBS / 2; j < JOBS; j++) {
                createJob(bed, jobIds.get(j), things);
            }
            try {
                await(
                        CompletableFuture.allOf(
                                devices.stream().map(V1Device::done).toArray(CompletableFuture[]::new)),
                        "the devices finishing their jobs");
            } finally {
                List<String> problems =
                        devices.stream().flatMap(d -> d.problems().stream()).collect(Collectors.toList());
                assertThat(problems).as("problems the devices met").isEmpty();
            }
            long elapsed = System.nanoTime() - start;

            assertThat(succeededSent.get()).as("SUCCEEDED updates sent").isEqualTo(DEVICES * JOBS);
            for (V1Device device : devices) {
                assertThat(device.ran())
                        .as("jobs run by a device")
                        .hasSize(JOBS)
                        .containsExactlyInAnyOrderElementsOf(jobIds);
            }
            Map<String, List<String>> wrong = new HashMap<>();
            for (String jobId : jobIds) {
                List<JobExecutionData> executions = bed.control().listJobExecutionsForJob(jobId);
                assertThat(executions).as("executions of %s", jobId).hasSize(DEVICES);
                List<String> bad = executions.stream()
                        .filter(e -> e.status().orElse(null) != JobStatus.SUCCEEDED
                                || e.versionNumber().orElse(-1) != 3
                                || e.executionNumber().orElse(-1) != 1)
                        .map(e -> e.thingName().orElse("?") + " "
                                + e.rawStatus().orElse("?") + " v" + e.versionNumber() + " #" + e.executionNumber())
                        .collect(Collectors.toList());
                if (!bad.isEmpty()) {
                    wrong.put(jobId, bad);
                }
            }
            assertThat(wrong)
                    .as("executions not SUCCEEDED at version 3, execution number 1")
                    .isEmpty();
            LOG.info(
                    "{} devices x {} jobs with the V1 loop: all {} executions SUCCEEDED once in {} ms",
                    DEVICES,
                    JOBS,
                    DEVICES * JOBS,
                    TimeUnit.NANOSECONDS.toMillis(elapsed));
        }
    }

    private static void createJob(LoadBed bed, String jobId, List<String> things) {
        bed.control()
                .createJob(JobSpec.builder(jobId)
                        .document(JobDocument.of(Map.of("operation", "install", "job", jobId)))
                        .targets(things)
                        .build());
    }
}
