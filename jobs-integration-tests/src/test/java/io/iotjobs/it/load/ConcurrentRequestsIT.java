package io.iotjobs.it.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10,000 concurrent V2 requests across 100 things on one connection, against the local service on its own
 * connection, with the client's default budget of 20 reply filters and a short subscription linger.
 *
 * <p>The requests cycle through the things, so they need 400 reply filters (four operations times 100
 * things) through a budget of 20: most of them wait for a filter, and the last replies come several seconds
 * after the first request (up to ~25 s on a busy two-core machine). All are issued at once, so each gets a
 * deadline of its own (the timeout overload, 2 minutes) rather than the default 30 s, which a slow CI host
 * could exceed; nothing else is changed.
 *
 * <p>What it proves: every future completes with its own reply, never another request's. Each thing has a
 * job of its own (its document names the thing) and a job shared by all; the requests cycle through the
 * things and the four operations, half with a client token of their own and half with the client's; each
 * reply is checked against what only its request can get: GetPending lists the thing's own job and no other
 * thing's, Describe and StartNext return the thing's own job and document, Update returns the status details
 * that this very request set (a number unique to it), and an explicit client token comes back unchanged. Zero
 * mis-correlations are allowed. While the requests run the connection never holds more reply filters than the
 * budget (sampled), and after the linger the connection holds exactly the filters it held before (none): the
 * client releases what it subscribed.
 */
class ConcurrentRequestsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentRequestsIT.class);
    private static final int THINGS = 100;
    private static final int REQUESTS = 10_000;
    private static final int DEFAULT_BUDGET = 20;
    private static final Duration LINGER = Duration.ofMillis(300);
    /** Each request's own deadline; see the class description. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    /** One request: its index, thing, operation and the reply it must get. */
    private static final class Sent {
        final int index;
        final String thing;
        final String ownJob;
        final String token;
        final CompletableFuture<? extends JobsResponse> reply;

        Sent(int index, String thing, String ownJob, String token, CompletableFuture<? extends JobsResponse> reply) {
            this.index = index;
            this.thing = thing;
            this.ownJob = ownJob;
            this.token = token;
            this.reply = reply;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void tenThousandConcurrentRequestsEachGetTheirOwnReplyAndTheFiltersAreReleased(BrokerKind kind) throws Exception {
        try (LoadBed bed = LoadBed.start(kind)) {
            List<String> things = new ArrayList<>();
            List<String> ownJobs = new ArrayList<>();
            for (int k = 0; k < THINGS; k++) {
                String thing = bed.name("load-thing");
                String job = bed.name("own");
                bed.control()
                        .createJob(JobSpec.builder(job)
                                .document(JobDocument.of(Map.of("thing", thing)))
                                .targets(thing)
                                .build());
                things.add(thing);
                ownJobs.add(job);
            }
            String shared = bed.name("shared");
            bed.control()
                    .createJob(JobSpec.builder(shared)
                            .document(JobDocument.of(Map.of("thing", "all")))
                            .targets(things)
                            .build());
            Set<String> allOwnJobs = Set.copyOf(ownJobs);

            MqttConnection device = bed.connect("load-device");
            IotJobsClientV2 client = bed.closeLater(
                    IotJobsClientV2.builder(device).subscriptionLinger(LINGER).build());
            List<String> baseline = LoadBed.subscribedFilters(device);

            AtomicInteger mostFilters = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> mostFilters.accumulateAndGet(
                            LoadBed.subscribedFilters(device).size(), Math::max),
                    0,
                    2,
                    TimeUnit.MILLISECONDS);

            long start = System.nanoTime();
            List<Sent> sent = new ArrayList<>(REQUESTS);
            try {
                for (int i = 0; i < REQUESTS; i++) {
                    int k = i % THINGS;
                    sent.add(send(client, i, things.get(k), ownJobs.get(k), shared));
                }
                // every future completes by its deadline at the latest; failures are reported per request below
                CompletableFuture.allOf(sent.stream().map(s -> s.reply).toArray(CompletableFuture[]::new))
                        .exceptionally(e -> null)
                        .get(DEADLINE.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                sampler.shutdownNow();
            }
            long elapsed = System.nanoTime() - start;

            List<String> wrong = new ArrayList<>();
            for (Sent s : sent) {
                String problem = check(s, shared, allOwnJobs);
                if (problem != null) {
                    wrong.add("request " + s.index + " (" + s.thing + "): " + problem);
                }
            }
            assertThat(wrong)
                    .as("requests whose future did not complete with their own reply")
                    .isEmpty();
            assertThat(mostFilters.get())
                    .as("most reply filters held at once (sampled)")
                    .isBetween(1, DEFAULT_BUDGET);

            LoadBed.awaitCondition(
                    () -> LoadBed.subscribedFilters(device).equals(baseline),
                    LINGER.multipliedBy(20).plusSeconds(10),
                    () -> "filters " + LoadBed.subscribedFilters(device) + ", baseline " + baseline);
            LOG.info(
                    "{} concurrent V2 requests over {} things: all replies in {} ms; at most {} reply filters held;"
                            + " filters back to the baseline ({}) after the linger",
                    REQUESTS,
                    THINGS,
                    TimeUnit.NANOSECONDS.toMillis(elapsed),
                    mostFilters.get(),
                    baseline.size());
        }
    }

    /** Sends request {@code i}: the operation cycles per hundred requests, the token alternates. */
    private static Sent send(IotJobsClientV2 client, int i, String thing, String ownJob, String shared) {
        String token = i % 2 == 0 ? "req-" + i : null;
        switch ((i / THINGS) % 4) {
            case 0: {
                GetPendingJobExecutionsRequest.Builder b = GetPendingJobExecutionsRequest.builder();
                b.thingName(thing).clientToken(Optional.ofNullable(token));
                return new Sent(i, thing, ownJob, token, client.getPendingJobExecutions(b.build(), DEADLINE));
            }
            case 1: {
                DescribeJobExecutionRequest.Builder b = DescribeJobExecutionRequest.builder();
                b.thingName(thing).jobId(ownJob).includeJobDocument(true).clientToken(Optional.ofNullable(token));
                return new Sent(i, thing, ownJob, token, client.describeJobExecution(b.build(), DEADLINE));
            }
            case 2: {
                UpdateJobExecutionRequest.Builder b = UpdateJobExecutionRequest.builder();
                b.thingName(thing)
                        .jobId(ownJob)
                        .status(JobStatus.IN_PROGRESS)
                        .statusDetails(Map.of("request", Integer.toString(i)))
                        .includeJobExecutionState(true)
                        .clientToken(Optional.ofNullable(token));
                return new Sent(i, thing, ownJob, token, client.updateJobExecution(b.build(), DEADLINE));
            }
            default: {
                StartNextPendingJobExecutionRequest.Builder b = StartNextPendingJobExecutionRequest.builder();
                b.thingName(thing).clientToken(Optional.ofNullable(token));
                return new Sent(i, thing, ownJob, token, client.startNextPendingJobExecution(b.build(), DEADLINE));
            }
        }
    }

    /** What is wrong with a request's reply, or {@code null} if it is its own. */
    private static String check(Sent s, String shared, Set<String> allOwnJobs) {
        JobsResponse reply;
        try {
            reply = s.reply.getNow(null);
        } catch (RuntimeException e) {
            return "failed: " + e.getCause();
        }
        if (reply == null) {
            return "not completed";
        }
        if (s.token != null && !reply.clientToken().equals(Optional.of(s.token))) {
            return "client token " + reply.clientToken() + " instead of " + s.token;
        }
        if (reply.clientToken().isEmpty()) {
            return "no client token";
        }
        if (reply instanceof GetPendingJobExecutionsResponse) {
            GetPendingJobExecutionsResponse pending = (GetPendingJobExecutionsResponse) reply;
            Set<String> listed = Stream.concat(pending.inProgressJobs().stream(), pending.queuedJobs().stream())
                    .map(JobExecutionSummary::jobId)
                    .collect(Collectors.toSet());
            return listed.equals(Set.of(s.ownJob, shared)) ? null : "GetPending listed " + listed;
        }
        if (reply instanceof DescribeJobExecutionResponse) {
            return ownExecution(((DescribeJobExecutionResponse) reply).execution(), s);
        }
        if (reply instanceof StartNextJobExecutionResponse) {
            return ownExecution(((StartNextJobExecutionResponse) reply).execution(), s);
        }
        UpdateJobExecutionResponse updated = (UpdateJobExecutionResponse) reply;
        Map<String, String> details =
                updated.executionState().flatMap(e -> e.statusDetails()).orElse(Map.of());
        return details.equals(Map.of("request", Integer.toString(s.index)))
                ? null
                : "Update's state shows the details " + details;
    }

    private static String ownExecution(Optional<JobExecutionData> execution, Sent s) {
        if (execution.isEmpty()) {
            return "no execution";
        }
        JobExecutionData e = execution.get();
        Object thing = e.jobDocument().map(d -> d.asMap().get("thing")).orElse(null);
        return e.jobId().equals(s.ownJob) && s.thing.equals(thing)
                ? null
                : "execution of " + e.jobId() + " with the document of " + thing;
    }
}
