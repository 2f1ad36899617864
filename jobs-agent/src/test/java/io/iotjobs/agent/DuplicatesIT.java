package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Notifications delivered twice, or again long after: every job still runs once. */
class DuplicatesIT extends AgentITBase {

    @Test
    void duplicateAndLateNotificationsNeverRunAJobTwice() throws Exception {
        AgentEvents events = new AgentEvents();
        String nextTopic = "$aws/things/" + thing + "/jobs/notify-next";
        RawSubscriber traffic = witness(
                updateRequests(),
                nextTopic,
                "$aws/things/" + thing + "/jobs/start-next",
                "$aws/things/" + thing + "/jobs/start-next/accepted");
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        start(agent(events).on("operation", "work", context -> {
            runs.computeIfAbsent(context.jobId(), id -> new AtomicInteger()).incrementAndGet();
            return JobResult.succeeded();
        }));
        service.faults().duplicateEvents(true);

        createJob("job-1", Map.of("operation", "work"));
        events.awaitFinished("job-1");
        createJob("job-2", Map.of("operation", "work"));
        events.awaitFinished("job-2");

        List<RawSubscriber.Message> job1Next =
                traffic.messages(m -> m.topic().equals(nextTopic) && m.payload().contains("\"job-1\""));
        assertThat(job1Next).as("the service announced job-1 twice").hasSizeGreaterThanOrEqualTo(2);

        // job-1's announcement arrives once more, long after the job ended
        int startNextBefore = traffic.messages(m -> m.topic().endsWith("/start-next/accepted"))
                .size();
        traffic.publish(nextTopic, job1Next.get(0).payload());
        traffic.await(
                "the agent asking the service after the late announcement",
                startNextBefore + 1,
                m -> m.topic().endsWith("/start-next/accepted"));

        createJob("job-3", Map.of("operation", "work"));
        events.awaitFinished("job-3");

        assertThat(runs).containsOnlyKeys("job-1", "job-2", "job-3");
        assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        for (String job : List.of("job-1", "job-2", "job-3")) {
            traffic.await(
                    "the result of " + job,
                    1,
                    m -> m.topic().endsWith("/" + job + "/update") && m.status().equals("SUCCEEDED"));
            assertThat(traffic.messages(m -> m.topic().endsWith("/" + job + "/update")
                            && m.status().equals("SUCCEEDED")))
                    .as(job)
                    .hasSize(1);
            assertThat(execution(job).status()).as(job).contains(JobStatus.SUCCEEDED);
        }
        assertThat(events.count(e -> e.kind().equals("started"))).isEqualTo(3);
    }
}
