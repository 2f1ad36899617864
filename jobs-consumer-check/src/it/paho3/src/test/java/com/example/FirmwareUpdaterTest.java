package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsExtension;
import io.iotjobs.v2.IotJobsClientV2;
import java.util.Map;
import io.iotjobs.transport.paho3.PahoV3Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's testkit example, with the README's V2 quick start as the device code, over MQTT 3.1.1 (Paho v3). */
class FirmwareUpdaterTest {
    @RegisterExtension
    static LocalJobsExtension jobs = LocalJobsExtension.create();

    @Test
    void theDeviceInstallsTheFirmware() throws Exception {
        String thing = jobs.uniqueThingName("updater");
        jobs.control().createJob(JobSpec.builder("fw-17")
                .document(JobDocument.parse("{\"operation\":\"install\"}")).targets(thing).build());
        try (IotJobsClientV2 device = new IotJobsClientV2(jobs.newConnection(thing, builder -> builder.transport(PahoV3Transport.factory())))) {
            runMyDeviceCode(device, thing);                      // the code under test
        }
        assertThat(jobs.control().describeJobExecution(thing, "fw-17").orElseThrow().status())
                .contains(JobStatus.SUCCEEDED);
    }

    /** The README's V2 quick start. */
    static void runMyDeviceCode(IotJobsClientV2 jobs, String thing) {
        StartNextJobExecutionResponse next = jobs.startNextPendingJobExecution(StartNextPendingJobExecutionRequest
                .builder().thingName(thing).stepTimeoutInMinutes(10).build()).join();
        next.execution().ifPresent(job -> jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                .thingName(thing).jobId(job.jobId()).status(JobStatus.SUCCEEDED)
                .statusDetails(Map.of("result", "done")).build()).join());
    }
}
