package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.v1.IotJobsClient;
import picocli.CommandLine.Command;

/** {@code job-processor}: runs {@link JobProcessorV1}, the V1 (callback) job loop. */
@Command(
        name = "job-processor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The V1 (callback) job-processing loop: subscribe to the start-next and update replies and to notify-next,"
                    + " start the next job, run it by its document's \"operation\", report SUCCEEDED, FAILED or REJECTED,"
                    + " and start the next one when notify-next announces it.",
            "",
            "Without --endpoint or --broker it starts a broker and the local Jobs service in this process, queues"
                    + " the demo jobs and stops when they are done. Otherwise it runs until Ctrl-C, --duration or"
                    + " (with --until-idle) an empty queue."
        })
final class JobProcessorCommand extends JobProcessorOptions {

    @Override
    String style() {
        return "V1";
    }

    @Override
    void process(MqttConnection device, String thing, SimulatedDevice work, ConsoleEvents events, StopSignal stop)
            throws InterruptedException {
        try (IotJobsClient jobs = new IotJobsClient(device);
                JobProcessorV1 processor = new JobProcessorV1(jobs, thing, work, events)) {
            processor.start();
            stop.await();
        }
    }
}
