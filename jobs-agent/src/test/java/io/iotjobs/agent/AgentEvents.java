package io.iotjobs.agent;

import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Records what an agent reports to its listener, and lets a test wait (bounded) for an event. */
final class AgentEvents implements AgentListener {

    static final long WAIT_MS = 15_000;

    /** One listener call. */
    record Event(
            String kind, String jobId, JobStatus status, Map<String, String> details, Duration delay, Object value) {}

    private final List<Event> events = new ArrayList<>();

    @Override
    public void onJobStarted(JobExecutionData execution, boolean resumed) {
        add(new Event("started", execution.jobId(), null, Map.of(), null, resumed));
    }

    @Override
    public void onStatusReported(String jobId, long executionNumber, JobStatus status, Map<String, String> details) {
        add(new Event("reported", jobId, status, details, null, executionNumber));
    }

    @Override
    public void onRetry(String jobId, String operation, int attempt, Duration delay, Throwable cause) {
        add(new Event("retry", jobId, null, Map.of(), delay, operation + "#" + attempt + " " + cause));
    }

    @Override
    public void onHandlerStuck(String jobId, CancellationReason reason, Duration sinceSignal) {
        add(new Event("stuck", jobId, null, Map.of(), sinceSignal, reason));
    }

    @Override
    public void onJobFinished(JobOutcome outcome) {
        add(new Event(
                "finished", outcome.jobId(), outcome.status().orElse(null), outcome.statusDetails(), null, outcome));
    }

    @Override
    public void onError(String message, Throwable cause) {
        add(new Event("error", "", null, Map.of(), null, message + ": " + cause));
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    /** A copy of every event so far. */
    synchronized List<Event> all() {
        return new ArrayList<>(events);
    }

    /** How many events match. */
    synchronized long count(Predicate<Event> matcher) {
        return events.stream().filter(matcher).count();
    }

    /**
     * Waits until {@code count} events match, and returns the last of them.
     *
     * @throws AssertionError naming what was awaited if they do not come within {@link #WAIT_MS}
     */
    synchronized Event await(String what, int count, Predicate<Event> matcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            List<Event> matching = events.stream().filter(matcher).toList();
            if (matching.size() >= count) {
                return matching.get(count - 1);
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + count + " x " + what + "; events: " + events);
            }
            wait(left);
        }
    }

    /**
     * Waits at most {@code millis} for an event that matches.
     *
     * @return whether one has come
     */
    synchronized boolean poll(Predicate<Event> matcher, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (events.stream().noneMatch(matcher)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    Event awaitStarted(String jobId) throws InterruptedException {
        return await("start of " + jobId, 1, e -> e.kind.equals("started") && e.jobId.equals(jobId));
    }

    JobOutcome awaitFinished(String jobId) throws InterruptedException {
        return (JobOutcome) await("end of " + jobId, 1, e -> e.kind.equals("finished") && e.jobId.equals(jobId)).value;
    }

    Event awaitReported(String jobId, JobStatus status, int count) throws InterruptedException {
        return await(
                status + " report of " + jobId,
                count,
                e -> e.kind.equals("reported") && e.jobId.equals(jobId) && e.status == status);
    }

    long reported(String jobId, JobStatus status) {
        return count(e -> e.kind.equals("reported") && e.jobId.equals(jobId) && e.status == status);
    }

    Event awaitRetry(String jobId, String operation, int count) throws InterruptedException {
        return await(
                operation + " retry of " + jobId,
                count,
                e -> e.kind.equals("retry") && e.jobId.equals(jobId) && ((String) e.value).startsWith(operation + "#"));
    }

    Event awaitStuck(String jobId) throws InterruptedException {
        return await("stuck handler of " + jobId, 1, e -> e.kind.equals("stuck") && e.jobId.equals(jobId));
    }
}
