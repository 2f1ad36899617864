package io.iotjobs.samples;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Steps the commands share. */
final class Samples {

    private Samples() {}

    /**
     * Queues the demo jobs for a thing on the in-process service and says so.
     *
     * @param out where to print
     * @param local the in-process service
     * @param thingName the thing
     * @return the jobs queued
     */
    static List<DemoJobs.DemoJob> queueDemoJobs(PrintWriter out, LocalJobs local, String thingName) {
        List<DemoJobs.DemoJob> jobs = DemoJobs.all();
        DemoJobs.create(local.control(), thingName, jobs);
        out.printf(
                "queued %d demo jobs on the local Jobs service (%s): %s%n",
                jobs.size(),
                local.serverUri(),
                jobs.stream().map(DemoJobs.DemoJob::jobId).collect(Collectors.joining(", ")));
        return jobs;
    }
}
