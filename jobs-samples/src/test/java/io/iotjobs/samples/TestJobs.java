package io.iotjobs.samples;

import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobsControl;
import java.util.List;
import java.util.Map;

/** Jobs for the tests: job ids are unique per service, so each thing gets its own copies. */
final class TestJobs {

    private TestJobs() {}

    /** Queues the four demo jobs for a thing, their ids prefixed with the thing name. */
    static List<DemoJobs.DemoJob> queueDemoJobs(JobsControl control, String thing) {
        List<DemoJobs.DemoJob> jobs = DemoJobs.all().stream()
                .map(job -> new DemoJobs.DemoJob(thing + "-" + job.jobId(), job.document(), job.expectedStatus()))
                .toList();
        DemoJobs.create(control, thing, jobs);
        return jobs;
    }

    /** A firmware update job for one thing. */
    static JobSpec firmwareJob(String jobId, String version, String thing) {
        return JobSpec.builder(jobId)
                .document(JobDocument.of(Map.of(
                        "operation",
                        "firmware_update",
                        "firmware_url",
                        "https://firmware.example.com/" + version + ".bin",
                        "version",
                        version)))
                .targets(thing)
                .build();
    }
}
