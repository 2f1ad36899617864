package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.v2.IotJobsClientV2;
import picocli.CommandLine.Command;

/** {@code job-processor-v2}: runs {@link JobProcessorV2}, the V2 (request-response) job loop. */
@Command(
        name = "job-processor-v2",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The V2 (request-response) job-processing loop: GetPendingJobExecutions, StartNextPendingJobExecution,"
                    + " run the job by its document's \"operation\", UpdateJobExecution; repeat. When nothing is pending"
                    + " it waits for a notify-next event instead of polling.",
            "",
            "Without --endpoint or --broker it starts a broker and the local Jobs service in this process, queues"
                    + " the demo jobs and stops when they are done. Otherwise it runs until Ctrl-C, --duration or"
                    + " (with --until-idle) an empty queue."
        })
final class JobProcessorV2Command extends JobProcessorOptions {

    @Override
    String style() {
        return "V2";
    }

    @Override
    void process(MqttConnection device, String thing, SimulatedDevice work, ConsoleEvents events, StopSignal stop)
            throws InterruptedException {
        try (IotJobsClientV2 jobs = new IotJobsClientV2(device)) {
            new JobProcessorV2(jobs, thing, work, events).run(stop);
        }
    }
}
