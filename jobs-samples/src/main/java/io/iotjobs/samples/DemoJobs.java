package io.iotjobs.samples;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobsControl;
import java.util.List;
import java.util.Map;

/**
 * The jobs the samples create on the local service, each with the final status the simulated device must
 * reach: a firmware update and a configuration update that succeed, an operation the device does not know
 * (FAILED), and a factory reset the device refuses by rule (REJECTED).
 */
public final class DemoJobs {

    /**
     * One demo job.
     *
     * @param jobId the job id
     * @param document the job document
     * @param expectedStatus the status the device must end it with
     */
    public record DemoJob(String jobId, JobDocument document, JobStatus expectedStatus) {

        /**
         * The document's {@code operation} field.
         *
         * @return the operation, or {@code "-"}
         */
        public String operation() {
            return ProcessedJob.operationOf(document);
        }
    }

    private DemoJobs() {}

    /**
     * The four demo jobs, in the order they are queued (and therefore run).
     *
     * @return the jobs
     */
    public static List<DemoJob> all() {
        return List.of(
                new DemoJob(
                        "firmware-2-4-1",
                        JobDocument.of(Map.of(
                                "operation", "firmware_update",
                                "firmware_url", "https://firmware.example.com/sensor/2.4.1.bin",
                                "version", "2.4.1")),
                        JobStatus.SUCCEEDED),
                new DemoJob(
                        "config-telemetry",
                        JobDocument.of(Map.of(
                                "operation",
                                "config_update",
                                "config",
                                Map.of("telemetryIntervalSeconds", 30, "logLevel", "info"))),
                        JobStatus.SUCCEEDED),
                new DemoJob(
                        "calibrate-sensors",
                        JobDocument.of(Map.of("operation", "calibrate_sensors")),
                        JobStatus.FAILED),
                new DemoJob(
                        "factory-reset",
                        JobDocument.of(Map.of("operation", SimulatedDevice.FACTORY_RESET)),
                        JobStatus.REJECTED));
    }

    /**
     * Creates the jobs for one thing, in order.
     *
     * @param control the local service's control API
     * @param thingName the target thing
     * @param jobs the jobs
     */
    public static void create(JobsControl control, String thingName, List<DemoJob> jobs) {
        for (DemoJob job : jobs) {
            control.createJob(JobSpec.builder(job.jobId())
                    .document(job.document())
                    .targets(thingName)
                    .build());
        }
    }
}
