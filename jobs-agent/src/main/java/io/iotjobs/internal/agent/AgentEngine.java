package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.AgentScheduler.Cancellable;
import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.agent.JobResult;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job loop of a {@link JobsAgent}: a state machine that runs on one thread of its own. MQTT replies and
 * events, timer expiries and handler completions are all handed to that thread, so the state needs no locks
 * and every decision sees a consistent picture. Nothing on that thread blocks: requests are asynchronous,
 * handlers run elsewhere, listeners run on the events thread.
 */
public final class AgentEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AgentEngine.class);
    private static final int FINISHED_MEMORY = 256;
    private static final String START_NEXT = "StartNext";
    private static final String UPDATE = "Update";
    private static final String DESCRIBE = "Describe";

    private final AgentSettings settings;
    private final String thing;
    private final ExecutorService control;
    private final ExecutorService eventsPool;
    private final Executor events;
    private final MqttConnectionListener connectionListener;
    private final CompletableFuture<Void> startFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private volatile JobExecutionData currentExecution;
    private volatile boolean closeCalled;

    // ----- state of the agent's thread
    private boolean started;
    private boolean closing;
    private StreamingOperation nextStream;
    private StreamingOperation notifyStream;
    private int streamFailures;
    private int streamGeneration;
    private boolean streamLost;
    private Cancellable streamRetry;
    private boolean recordsCleaned;
    private boolean startNextInFlight;
    private boolean startAgain;
    private int startNextFailures;
    private Cancellable startNextRetry;
    private Cancellable idlePoll;
    private JobRun current;
    private final Map<String, Boolean> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };

    /**
     * Creates the engine and its two threads; nothing is subscribed or requested before {@link #start()}.
     *
     * @param settings the checked settings
     */
    public AgentEngine(AgentSettings settings) {
        this.settings = settings;
        this.thing = settings.thingName();
        this.control = Executors.newSingleThreadExecutor(daemon("iotjobs-agent-" + thing));
        this.eventsPool = Executors.newSingleThreadExecutor(daemon("iotjobs-agent-" + thing + "-events"));
        this.events = task -> {
            try {
                eventsPool.execute(task);
            } catch (RejectedExecutionException closed) {
                task.run();
            }
        };
        this.connectionListener = new MqttConnectionListener() {
            @Override
            public void onConnected(boolean sessionPresent) {
                post(AgentEngine.this::resync);
            }

            @Override
            public void onResumed(boolean sessionPresent) {
                post(AgentEngine.this::resync);
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    // ================================================================================= public operations

    /**
     * Starts the agent (idempotent).
     *
     * @return completes when both streams are established
     */
    public CompletableFuture<Void> start() {
        if (closeCalled) {
            throw new IllegalStateException("the agent was closed; build a new one");
        }
        post(this::doStart);
        return startFuture.copy();
    }

    /**
     * The execution the agent works on.
     *
     * @return the execution, or empty
     */
    public Optional<JobExecutionData> currentJob() {
        return Optional.ofNullable(currentExecution);
    }

    /**
     * The thing.
     *
     * @return the thing name
     */
    String thingName() {
        return thing;
    }

    /**
     * The status-details limits.
     *
     * @return the limits
     */
    JobsLimits limits() {
        return settings.limits();
    }

    /**
     * Closes the agent, waiting at most the timeout (real time) for the running handler and a pending report.
     *
     * @param timeout the bound
     * @return true if the agent closed with nothing left running or unreported
     */
    public boolean close(Duration timeout) {
        boolean first = !closeCalled;
        closeCalled = true;
        if (first) {
            post(this::beginClose);
        }
        boolean clean;
        try {
            closedFuture.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            clean = true;
        } catch (TimeoutException e) {
            clean = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        } catch (java.util.concurrent.ExecutionException e) {
            clean = false;
        }
        if (first) {
            shutDown(clean);
        }
        return clean;
    }

    private void shutDown(boolean clean) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        post(() -> {
            JobRun run = current;
            if (run != null) {
                run.cancelTimers();
                run.stopUpdates = true;
                if (!run.handlerExited.isDone()) {
                    LOG.warn("{}: closing while the handler of job {} still runs; it is abandoned (its execution "
                            + "stays IN_PROGRESS for the next agent to resume)", thing, run.jobId);
                }
            }
            cancelAgentTimers();
            stopped.complete(null);
        });
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("{}: the agent's thread did not stop in time", thing);
        }
        control.shutdown();
        if (settings.ownsClient()) {
            settings.client().close();
        }
        if (settings.connection() != null) {
            settings.connection().removeListener(connectionListener);
        }
        if (settings.ownsScheduler() && settings.scheduler() instanceof AutoCloseable) {
            try {
                ((AutoCloseable) settings.scheduler()).close();
            } catch (Exception e) {
                LOG.debug("{}: closing the scheduler failed", thing, e);
            }
        }
        eventsPool.shutdown();
        if (!startFuture.isDone()) {
            startFuture.completeExceptionally(new IllegalStateException("the agent was closed"));
        }
        LOG.debug("{}: agent closed ({})", thing, clean ? "clean" : "timed out");
    }

    // ================================================================================= plumbing

    /** Runs a task on the agent's thread (dropped once the agent has shut down). */
    private void post(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: internal error of the job agent", thing, e);
                    notifyListener(l -> l.onError("internal error of the job agent", e));
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.trace("{}: agent closed, dropping a task", thing);
        }
    }

    private Cancellable schedule(Duration delay, Runnable task) {
        return settings.scheduler().schedule(delay, () -> post(task));
    }

    private Instant now() {
        return settings.scheduler().now();
    }

    private void notifyListener(Consumer<AgentListener> call) {
        AgentListener listener = settings.listener();
        events.execute(() -> {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("{}: the agent listener threw", thing, e);
            }
        });
    }

    /**
     * Sends a request with a deadline on the agent's scheduler; the reply is handled on the agent's thread.
     * The deadline is armed before the request is sent.
     */
    private <T> void call(String operation, Supplier<CompletableFuture<T>> request,
            java.util.function.BiConsumer<T, Throwable> onReply) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> sent = new AtomicReference<>();
        Duration timeout = settings.requestTimeout();
        Cancellable deadline = settings.scheduler().schedule(timeout, () -> {
            if (result.completeExceptionally(new TimeoutException(operation + ": no reply within " + timeout))) {
                CompletableFuture<T> pending = sent.get();
                if (pending != null) {
                    pending.cancel(false);
                }
            }
        });
        result.whenComplete((value, error) -> post(() -> onReply.accept(value, error)));
        CompletableFuture<T> future;
        try {
            future = request.get();
        } catch (RuntimeException e) {
            deadline.cancel();
            result.completeExceptionally(e);
            return;
        }
        sent.set(future);
        future.whenComplete((value, error) -> {
            deadline.cancel();
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
    }

    private void cancelAgentTimers() {
        startNextRetry = JobRun.cancel(startNextRetry);
        idlePoll = JobRun.cancel(idlePoll);
        streamRetry = JobRun.cancel(streamRetry);
    }

    // ================================================================================= start and streams

    private void doStart() {
        if (started || closing) {
            return;
        }
        started = true;
        if (settings.connection() != null) {
            settings.connection().addListener(connectionListener);
        }
        LOG.debug("{}: agent starting", thing);
        openStreams();
    }

    /** Stream options that hand events and status changes of one stream generation to the agent's thread. */
    private <E> ServiceStreamOptions<E> streamOptions(String topic, int generation, Consumer<E> onEvent) {
        return ServiceStreamOptions.<E>builder(event -> post(() -> onEvent.accept(event)))
                .subscriptionStatusListener(status -> post(() -> onStreamStatus(generation, status)))
                .deserializationFailureListener(failure -> LOG.warn("{}: undecodable {}: {}", thing, topic,
                        failure.getMessage()))
                .build();
    }

    private void openStreams() {
        if (closing) {
            return;
        }
        int generation = ++streamGeneration;
        streamLost = false;
        StreamingOperation next = settings.client().createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder().thingName(thing).build(),
                streamOptions("notify-next", generation, this::onNextEvent));
        StreamingOperation notify = settings.client().createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder().thingName(thing).build(),
                streamOptions("notify", generation, this::onNotifyEvent));
        nextStream = next;
        notifyStream = notify;
        CompletableFuture<Void> both;
        try {
            both = CompletableFuture.allOf(next.open(), notify.open());
        } catch (RuntimeException e) {
            both = CompletableFuture.failedFuture(e);
        }
        both.whenComplete((ok, error) -> post(() -> onStreamsOpened(generation, error)));
    }

    private void onStreamsOpened(int generation, Throwable error) {
        Throwable cause = error == null ? null : Failure.unwrap(error);
        if (cause != null) {
            startFuture.completeExceptionally(cause);
        }
        if (closing || generation != streamGeneration) {
            return;
        }
        if (cause == null) {
            streamFailures = 0;
            startFuture.complete(null);
            LOG.debug("{}: listening for jobs", thing);
        } else {
            LOG.warn("{}: cannot subscribe to the job notifications: {}", thing, cause.toString());
            notifyListener(l -> l.onError("cannot subscribe to the job notifications", cause));
            reopenStreamsLater(cause);
        }
        cleanRecordsOnce();
        kick();
    }

    private void reopenStreamsLater(Throwable cause) {
        closeStreams();
        streamGeneration++;
        streamFailures++;
        Duration delay = settings.backoff().delay(streamFailures);
        LOG.debug("{}: subscribing again in {} ({})", thing, delay, cause.toString());
        streamRetry = JobRun.cancel(streamRetry);
        streamRetry = schedule(delay, () -> {
            streamRetry = null;
            openStreams();
        });
    }

    private void closeStreams() {
        if (nextStream != null) {
            nextStream.close();
            nextStream = null;
        }
        if (notifyStream != null) {
            notifyStream.close();
            notifyStream = null;
        }
    }

    private void onStreamStatus(int generation, SubscriptionStatusEvent status) {
        if (closing || generation != streamGeneration) {
            return;
        }
        switch (status.type()) {
            case SUBSCRIPTION_HALTED: {
                Throwable cause = status.error().orElse(new IllegalStateException("subscription halted"));
                if (cause instanceof JobsClientClosedException) {
                    return;
                }
                notifyListener(l -> l.onError("a job notification subscription was halted", cause));
                reopenStreamsLater(cause);
                return;
            }
            case SUBSCRIPTION_LOST:
                LOG.debug("{}: job notifications lost with the session; they resume after the reconnect", thing);
                streamLost = true;
                return;
            default:
                if (streamLost) {
                    streamLost = false;
                    resync();
                }
        }
    }

    /** Deletes checkpoint records of executions that are no longer pending (once, at start). */
    private void cleanRecordsOnce() {
        if (recordsCleaned) {
            return;
        }
        recordsCleaned = true;
        List<Checkpoint> records;
        try {
            records = settings.store().list(thing);
        } catch (RuntimeException e) {
            storeFailed("cannot list checkpoints", e);
            return;
        }
        if (records.isEmpty()) {
            return;
        }
        call("GetPending", () -> settings.client().getPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder().thingName(thing).build(), settings.requestTimeout()),
                (GetPendingJobExecutionsResponse reply, Throwable error) -> {
                    if (error != null) {
                        LOG.debug("{}: cannot list pending executions to clean checkpoints: {}", thing,
                                error.toString());
                        return;
                    }
                    Set<String> pending = new HashSet<>();
                    List<JobExecutionSummary> all = new ArrayList<>(reply.inProgressJobs());
                    all.addAll(reply.queuedJobs());
                    if (all.size() >= 10) {
                        return;
                    }
                    for (JobExecutionSummary summary : all) {
                        pending.add(summary.jobId() + "#" + summary.executionNumber().orElse(0));
                    }
                    JobRun run = current;
                    for (Checkpoint record : records) {
                        String key = record.jobId() + "#" + record.executionNumber();
                        if (!pending.contains(key) && (run == null || !run.key.equals(key))) {
                            LOG.info("{}: deleting the checkpoint of {}, no longer pending", thing, key);
                            deleteRecord(record.jobId(), record.executionNumber());
                        }
                    }
                });
    }

    // ================================================================================= events

    private void onNextEvent(NextJobExecutionChangedEvent event) {
        if (closing || !started) {
            return;
        }
        JobRun run = current;
        if (run == null) {
            if (event.execution().isPresent()) {
                kick();
            }
            return;
        }
        boolean ours = event.execution().map(e -> e.jobId().equals(run.jobId)
                && e.executionNumber().orElse(run.executionNumber) == run.executionNumber).orElse(false);
        if (!ours) {
            verify(run);
        }
    }

    private void onNotifyEvent(JobExecutionsChangedEvent event) {
        if (closing || !started) {
            return;
        }
        JobRun run = current;
        if (run == null) {
            boolean anything = event.jobs().values().stream().anyMatch(list -> !list.isEmpty());
            if (anything) {
                kick();
            }
            return;
        }
        boolean listed = event.jobs().values().stream().flatMap(List::stream)
                .anyMatch(s -> s.jobId().equals(run.jobId)
                        && s.executionNumber().orElse(run.executionNumber) == run.executionNumber);
        if (!listed) {
            verify(run);
        }
    }

    /** After a reconnect: look for work, or check that the current job still stands. */
    private void resync() {
        if (closing || !started) {
            return;
        }
        JobRun run = current;
        if (run == null) {
            kick();
        } else {
            verify(run);
        }
    }

    // ================================================================================= taking the next job

    /** Asks for the next job unless one is being worked on (then the end of that job asks). */
    private void kick() {
        if (closing || !started || current != null) {
            return;
        }
        if (startNextInFlight) {
            startAgain = true;
            return;
        }
        startNextRetry = JobRun.cancel(startNextRetry);
        idlePoll = JobRun.cancel(idlePoll);
        startNextInFlight = true;
        startAgain = false;
        StartNextPendingJobExecutionRequest.Builder request = StartNextPendingJobExecutionRequest.builder()
                .thingName(thing);
        if (settings.stepTimeoutMinutes() > 0) {
            request.stepTimeoutInMinutes(settings.stepTimeoutMinutes());
        }
        StartNextPendingJobExecutionRequest built = request.build();
        call(START_NEXT, () -> settings.client().startNextPendingJobExecution(built, settings.requestTimeout()),
                this::onStartNextReply);
    }

    private void onStartNextReply(StartNextJobExecutionResponse reply, Throwable error) {
        startNextInFlight = false;
        if (closing) {
            return;
        }
        if (error != null) {
            Failure failure = Failure.of(error);
            if (failure.closed()) {
                return;
            }
            startNextRetry = retryAfterBackoff(++startNextFailures, START_NEXT, "", failure, () -> {
                startNextRetry = null;
                kick();
            });
            return;
        }
        startNextFailures = 0;
        Optional<JobExecutionData> execution = reply.execution();
        if (execution.isEmpty()) {
            if (startAgain) {
                kick();
            } else {
                scheduleIdlePoll();
            }
            return;
        }
        begin(execution.get());
    }

    private void scheduleIdlePoll() {
        idlePoll = JobRun.cancel(idlePoll);
        if (settings.idlePollInterval() != null && !closing) {
            idlePoll = schedule(settings.idlePollInterval(), () -> {
                idlePoll = null;
                kick();
            });
        }
    }

    private void begin(JobExecutionData execution) {
        long executionNumber = execution.executionNumber().orElse(0);
        String key = execution.jobId() + "#" + executionNumber;
        Boolean earlier = finished.get(key);
        if (Boolean.FALSE.equals(earlier)) {
            LOG.warn("{}: the service hands out {} again, whose result this agent could not report; leaving it",
                    thing, key);
            scheduleIdlePoll();
            return;
        }
        finished.remove(key);
        JobDocument document = execution.jobDocument().orElse(JobDocument.empty());
        HandlerRegistry.Registration registration = settings.handlers().match(document);
        Checkpoint record = null;
        try {
            record = settings.store().load(thing, execution.jobId(), executionNumber).orElse(null);
        } catch (RuntimeException e) {
            storeFailed("cannot read the checkpoint of " + key + "; the job starts from the beginning", e);
        }
        JobRun run = new JobRun(execution, executionNumber, registration, record != null,
                record == null ? null : record.step().orElse(null), this);
        current = run;
        currentExecution = execution;
        LOG.info("{}: job {} (execution {}) {} with handler {}", thing, execution.jobId(), executionNumber,
                record == null ? "starts" : "resumes", registration.description());

        if (record != null && record.outcome().isPresent()) {
            synchronized (run.recordLock) {
                run.record = record;
            }
            run.outcome = record.outcome().get();
            run.reportDetails = run.outcome.details();
            run.handlerExited.complete(null);
            LOG.info("{}: job {} had finished before the restart; reporting its stored result", thing, key);
            report(run);
            return;
        }
        Checkpoint updated = record == null ? Checkpoint.started(thing, run.jobId, executionNumber, now())
                : record.restarted(now());
        synchronized (run.recordLock) {
            run.record = updated;
        }
        if (updated.starts() > settings.maxStarts()) {
            run.handlerExited.complete(null);
            finishHandler(run, JobResult.failed("the job was started " + (updated.starts() - 1)
                    + " times without finishing (the device stopped while it ran); not starting it again"), null);
            return;
        }
        saveRecord(run, updated);
        run.detailsDirty = run.resumedFrom != null;
        sendInProgress(run);
    }

    // ================================================================================= running the handler

    private void runHandler(JobRun run) {
        run.stage = JobRun.Stage.RUNNING;
        run.handlerStarted = true;
        Duration limit = run.registration.timeLimit() != null ? run.registration.timeLimit()
                : settings.handlerTimeLimit();
        run.watchdog = schedule(limit, () -> onTimeLimit(run, limit));
        JobExecutionData execution = run.execution;
        boolean resumed = run.resumed;
        notifyListener(l -> l.onJobStarted(execution, resumed));
        Runnable task = () -> {
            JobResult result = null;
            Throwable failure = null;
            run.context.enter();
            try {
                result = run.registration.handler().handle(run.context);
            } catch (Throwable e) {
                failure = e;
            } finally {
                run.context.exit();
                run.handlerExited.complete(null);
            }
            JobResult returned = result;
            Throwable thrown = failure;
            post(() -> onHandlerReturned(run, returned, thrown));
        };
        try {
            if (settings.handlerExecutor() != null) {
                settings.handlerExecutor().execute(task);
            } else {
                Thread thread = new Thread(task, "iotjobs-agent-" + thing + "-job-" + run.jobId);
                thread.setDaemon(true);
                thread.start();
            }
        } catch (RuntimeException e) {
            run.handlerExited.complete(null);
            onHandlerReturned(run, null, e);
        }
    }

    private void onHandlerReturned(JobRun run, JobResult result, Throwable failure) {
        if (run != current || run.finished) {
            return;
        }
        run.watchdog = JobRun.cancel(run.watchdog);
        run.stuckTimer = JobRun.cancel(run.stuckTimer);
        if (run.cancelReason != null) {
            LOG.debug("{}: handler of {} returned after being told to stop ({}); its result is not reported",
                    thing, run.key, run.cancelReason);
            tryFinish(run);
            return;
        }
        JobResult outcome;
        if (failure != null) {
            LOG.warn("{}: the handler of job {} threw", thing, run.jobId, failure);
            String message = failure.getMessage();
            outcome = JobResult.failed(failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        } else if (result == null) {
            outcome = JobResult.failed("the handler returned no result");
        } else {
            outcome = result;
        }
        finishHandler(run, outcome, run.context.output());
    }

    /** The result is known: fit the details, store them, report. */
    private void finishHandler(JobRun run, JobResult outcome, String output) {
        Map<String, String> details = new LinkedHashMap<>(outcome.details());
        String tail = output == null ? null : StatusDetails.tail(output, settings.limits().maxStatusDetailValueLength());
        if (tail != null && !details.containsKey(JobResult.OUTPUT_KEY)) {
            details.put(JobResult.OUTPUT_KEY, tail);
        }
        Map<String, String> fitted = StatusDetails.fit(details, settings.limits(), JobResult.REASON_KEY,
                JobResult.OUTPUT_KEY);
        run.reportDetails = fitted;
        try {
            run.outcome = JobResult.of(outcome.status(), fitted);
        } catch (IllegalArgumentException e) {
            run.outcome = outcome;
        }
        Checkpoint withOutcome;
        synchronized (run.recordLock) {
            withOutcome = run.record == null ? null : run.record.withOutcome(run.outcome, now());
        }
        if (withOutcome != null) {
            saveRecord(run, withOutcome);
        }
        report(run);
    }

    private void onTimeLimit(JobRun run, Duration limit) {
        run.watchdog = null;
        if (run != current || run.finished || run.stage != JobRun.Stage.RUNNING || run.cancelReason != null) {
            return;
        }
        LOG.warn("{}: the handler of job {} exceeded its time limit of {}; reporting FAILED", thing, run.jobId, limit);
        signal(run, CancellationReason.HANDLER_TIME_LIMIT);
        finishHandler(run, JobResult.failed("the handler did not finish within its time limit of " + human(limit)),
                run.context.output());
    }

    private void signal(JobRun run, CancellationReason reason) {
        if (run.cancelReason != null) {
            return;
        }
        run.cancelReason = reason;
        run.signaledAt = now();
        run.context.signal(reason, events);
        if (run.handlerStarted && !run.handlerExited.isDone()) {
            scheduleStuckCheck(run);
        }
    }

    private void scheduleStuckCheck(JobRun run) {
        run.stuckTimer = JobRun.cancel(run.stuckTimer);
        run.stuckTimer = schedule(settings.cancelGrace(), () -> {
            run.stuckTimer = null;
            if (run.handlerExited.isDone() || run.finished) {
                return;
            }
            Duration since = Duration.between(run.signaledAt, now());
            CancellationReason reason = run.cancelReason;
            LOG.warn("{}: the handler of job {} has not stopped {} after being told to ({}); no other job starts "
                    + "until it returns", thing, run.jobId, human(since), reason);
            scheduleStuckCheck(run);
            notifyListener(l -> l.onHandlerStuck(run.jobId, reason, since));
        });
    }

    // ================================================================================= progress and heartbeat

    /** From the handler's thread, after it changed the details or the step: sends them when the throttle allows. */
    void onProgress(JobRun run) {
        post(() -> {
            if (run.finished || run.stopUpdates || run.stage == JobRun.Stage.REPORTING) {
                return;
            }
            run.detailsDirty = true;
            flushProgress(run);
        });
    }

    /**
     * Writes a step to the checkpoint store, from the handler's thread.
     *
     * @return false if the record is closed (the job is over)
     */
    boolean saveStep(JobRun run, String step) {
        synchronized (run.recordLock) {
            if (run.recordClosed || run.record == null) {
                return false;
            }
            Checkpoint updated = run.record.withStep(step, now());
            settings.store().save(updated);
            run.record = updated;
            return true;
        }
    }

    private void flushProgress(JobRun run) {
        if (!run.detailsDirty || run.stopUpdates || run.stage != JobRun.Stage.RUNNING) {
            return;
        }
        Instant now = now();
        Instant earliest = run.lastInProgressSent == null ? now : run.lastInProgressSent.plus(settings.progressInterval());
        if (!now.isBefore(earliest)) {
            sendInProgress(run);
        } else if (run.progressTimer == null) {
            run.progressTimer = schedule(Duration.between(now, earliest), () -> {
                run.progressTimer = null;
                flushProgress(run);
            });
        }
    }

    private Map<String, String> inProgressDetails(JobRun run) {
        Map<String, String> details = new LinkedHashMap<>();
        synchronized (run.detailsLock) {
            if (run.step != null) {
                details.put(JobsAgent.CHECKPOINT_KEY, run.step);
            }
            run.userDetails.forEach(details::putIfAbsent);
        }
        return StatusDetails.fit(details, settings.limits(), JobsAgent.CHECKPOINT_KEY);
    }

    /** An IN_PROGRESS update: the start, progress, a checkpoint or a heartbeat. */
    private void sendInProgress(JobRun run) {
        if (run.finished || run.stopUpdates || run.stage == JobRun.Stage.REPORTING || closing) {
            return;
        }
        if (run.updateInFlight) {
            run.progressWaiting = true;
            return;
        }
        run.progressTimer = JobRun.cancel(run.progressTimer);
        run.heartbeatTimer = JobRun.cancel(run.heartbeatTimer);
        Map<String, String> details = run.detailsDirty ? inProgressDetails(run) : null;
        run.detailsDirty = false;
        UpdateJobExecutionRequest.Builder request = UpdateJobExecutionRequest.builder().thingName(thing)
                .jobId(run.jobId).status(JobStatus.IN_PROGRESS).includeJobExecutionState(true);
        if (run.executionNumber > 0) {
            request.executionNumber(run.executionNumber);
        }
        if (settings.stepTimeoutMinutes() > 0) {
            request.stepTimeoutInMinutes(settings.stepTimeoutMinutes());
        }
        if (details != null && !details.isEmpty()) {
            request.statusDetails(details);
        }
        UpdateJobExecutionRequest built = request.build();
        run.updateInFlight = true;
        run.lastInProgressSent = now();
        call(UPDATE, () -> settings.client().updateJobExecution(built, settings.requestTimeout()),
                (UpdateJobExecutionResponse reply, Throwable error) -> onInProgressReply(run, details, reply, error));
    }

    private void onInProgressReply(JobRun run, Map<String, String> details, UpdateJobExecutionResponse reply,
            Throwable error) {
        run.updateInFlight = false;
        boolean opening = run.stage == JobRun.Stage.OPENING;
        if (run.finished) {
            return;
        }
        if (error == null) {
            run.inProgressFailures = 0;
            reply.executionState().flatMap(state -> optionalLong(state.versionNumber()))
                    .ifPresent(version -> run.lastVersion = version);
            if (!run.stopUpdates && run.stage != JobRun.Stage.REPORTING) {
                scheduleHeartbeat(run, settings.heartbeatInterval());
            }
            Map<String, String> sent = details == null ? Map.of() : details;
            notifyListener(l -> l.onStatusReported(run.jobId, run.executionNumber, JobStatus.IN_PROGRESS, sent));
        } else {
            Failure failure = Failure.of(error);
            if (failure.closed()) {
                return;
            }
            if (failure.isTerminalRejection()) {
                Optional<JobStatus> status = failure.executionStatus();
                if (status.isPresent() && status.get().isTerminal()) {
                    endedAtService(run, CancellationReason.forStatus(status.get()), status.get());
                } else {
                    verify(run);
                }
            } else if (failure.code() == RejectedErrorCode.RESOURCE_NOT_FOUND) {
                endedAtService(run, CancellationReason.DELETED, null);
            } else if (failure.kind == Failure.Kind.INVALID
                    || failure.code() == RejectedErrorCode.INVALID_REQUEST) {
                LOG.error("{}: an IN_PROGRESS update of job {} was refused as invalid: {}", thing, run.jobId, failure);
                notifyListener(l -> l.onError("an IN_PROGRESS update of job " + run.jobId + " was refused as invalid",
                        failure.cause));
                synchronized (run.detailsLock) {
                    run.userDetails = Map.of();
                }
                scheduleHeartbeat(run, settings.heartbeatInterval());
            } else {
                run.detailsDirty |= details != null;
                run.inProgressFailures++;
                Duration delay = settings.backoff().delay(run.inProgressFailures);
                if (settings.heartbeatInterval() != null && delay.compareTo(settings.heartbeatInterval()) > 0) {
                    delay = settings.heartbeatInterval();
                }
                int attempt = run.inProgressFailures;
                Duration retryIn = delay;
                if (settings.heartbeatInterval() != null || run.detailsDirty) {
                    scheduleHeartbeat(run, delay);
                }
                notifyListener(l -> l.onRetry(run.jobId, UPDATE, attempt, retryIn, failure.cause));
            }
        }
        if (run.reportWaiting && run.stage == JobRun.Stage.REPORTING) {
            run.reportWaiting = false;
            if (run.stopUpdates) {
                tryFinish(run);
            } else {
                sendTerminal(run);
            }
            return;
        }
        if (opening && run.stage == JobRun.Stage.OPENING) {
            if (run.stopUpdates || closing) {
                run.handlerExited.complete(null);
                tryFinish(run);
            } else {
                runHandler(run);
            }
            return;
        }
        if (run.progressWaiting) {
            run.progressWaiting = false;
            if (run.detailsDirty) {
                flushProgress(run);
            }
        }
    }

    private void scheduleHeartbeat(JobRun run, Duration delay) {
        run.heartbeatTimer = JobRun.cancel(run.heartbeatTimer);
        if (delay == null || run.stopUpdates || closing) {
            return;
        }
        run.heartbeatTimer = schedule(delay, () -> {
            run.heartbeatTimer = null;
            sendInProgress(run);
        });
    }

    // ================================================================================= cancellation

    /** Asks the service whether the current execution still stands (after a hint that it may not). */
    private void verify(JobRun run) {
        if (run.finished || run.stopUpdates || run.stage == JobRun.Stage.REPORTING || closing) {
            return;
        }
        if (run.verifying) {
            run.verifyAgain = true;
            return;
        }
        if (run.verifyTimer != null) {
            return;
        }
        run.verifying = true;
        DescribeJobExecutionRequest request = describe(run);
        call(DESCRIBE, () -> settings.client().describeJobExecution(request, settings.requestTimeout()),
                (DescribeJobExecutionResponse reply, Throwable error) -> onVerifyReply(run, reply, error));
    }

    private DescribeJobExecutionRequest describe(JobRun run) {
        DescribeJobExecutionRequest.Builder request = DescribeJobExecutionRequest.builder().thingName(thing)
                .jobId(run.jobId).includeJobDocument(false);
        if (run.executionNumber > 0) {
            request.executionNumber(run.executionNumber);
        }
        return request.build();
    }

    private void onVerifyReply(JobRun run, DescribeJobExecutionResponse reply, Throwable error) {
        run.verifying = false;
        if (run.finished || run.stopUpdates || run.stage == JobRun.Stage.REPORTING) {
            return;
        }
        Failure failure = error == null ? null : Failure.of(error);
        if (endedPerDescribe(run, reply, failure, null)) {
            return;
        }
        if (failure != null) {
            if (failure.code() == RejectedErrorCode.TERMINAL_STATE_REACHED) {
                endedAtService(run, CancellationReason.COMPLETED_ELSEWHERE, null);
                return;
            }
            run.verifyAgain = false;
            run.verifyTimer = retryAfterBackoff(++run.verifyFailures, DESCRIBE, run.jobId, failure, () -> {
                run.verifyTimer = null;
                verify(run);
            });
            return;
        }
        run.verifyFailures = 0;
        if (run.verifyAgain) {
            run.verifyAgain = false;
            verify(run);
        }
    }

    /** The execution is terminal (or gone) at the service without the agent's report: stop, never report. */
    private void endedAtService(JobRun run, CancellationReason reason, JobStatus status) {
        if (run.stopUpdates && run.endedAtService != null) {
            return;
        }
        LOG.info("{}: job {} ended at the service ({}{}); telling the handler to stop", thing, run.key, reason,
                status == null ? "" : ", " + status);
        run.stopUpdates = true;
        run.endedAtService = reason;
        run.finalStatus = status;
        run.heartbeatTimer = JobRun.cancel(run.heartbeatTimer);
        run.progressTimer = JobRun.cancel(run.progressTimer);
        run.retryTimer = JobRun.cancel(run.retryTimer);
        run.verifyTimer = JobRun.cancel(run.verifyTimer);
        run.watchdog = JobRun.cancel(run.watchdog);
        closeRecord(run, true);
        signal(run, reason);
        if (run.stage == JobRun.Stage.OPENING && !run.updateInFlight) {
            run.handlerExited.complete(null);
        }
        tryFinish(run);
    }

    // ================================================================================= the terminal report

    private void report(JobRun run) {
        run.stage = JobRun.Stage.REPORTING;
        run.heartbeatTimer = JobRun.cancel(run.heartbeatTimer);
        run.progressTimer = JobRun.cancel(run.progressTimer);
        run.verifyTimer = JobRun.cancel(run.verifyTimer);
        if (run.stopUpdates) {
            tryFinish(run);
            return;
        }
        if (run.updateInFlight) {
            run.reportWaiting = true;
            return;
        }
        sendTerminal(run);
    }

    private void sendTerminal(JobRun run) {
        run.retryTimer = null;
        if (run.finished || run.stopUpdates) {
            tryFinish(run);
            return;
        }
        UpdateJobExecutionRequest.Builder request = UpdateJobExecutionRequest.builder().thingName(thing)
                .jobId(run.jobId).status(run.outcome.status()).includeJobExecutionState(true);
        if (run.executionNumber > 0) {
            request.executionNumber(run.executionNumber);
        }
        if (!run.reportDetails.isEmpty()) {
            request.statusDetails(run.reportDetails);
        }
        UpdateJobExecutionRequest built = request.build();
        run.reportAttempts++;
        run.updateInFlight = true;
        LOG.debug("{}: reporting {} for {} (attempt {})", thing, run.outcome.status(), run.key, run.reportAttempts);
        call(UPDATE, () -> settings.client().updateJobExecution(built, settings.requestTimeout()),
                (UpdateJobExecutionResponse reply, Throwable error) -> onTerminalReply(run, reply, error));
    }

    private void onTerminalReply(JobRun run, UpdateJobExecutionResponse reply, Throwable error) {
        run.updateInFlight = false;
        if (run.finished) {
            return;
        }
        if (run.stopUpdates) {
            tryFinish(run);
            return;
        }
        if (error == null) {
            reply.executionState().flatMap(state -> optionalLong(state.versionNumber()))
                    .ifPresent(version -> run.lastVersion = version);
            reported(run, false);
            return;
        }
        Failure failure = Failure.of(error);
        switch (failure.kind) {
            case CLOSED:
                return;
            case UNKNOWN_OUTCOME:
                LOG.debug("{}: the outcome of the {} report of {} is unknown ({}); asking the service", thing,
                        run.outcome.status(), run.key, failure);
                reconcile(run, failure);
                return;
            case NOT_SENT:
                retryTerminal(run, failure);
                return;
            case INVALID:
                invalidTerminal(run, failure);
                return;
            default:
                break;
        }
        switch (failure.code()) {
            case REQUEST_THROTTLED:
            case INTERNAL_ERROR:
                retryTerminal(run, failure);
                return;
            case INVALID_STATE_TRANSITION:
            case TERMINAL_STATE_REACHED: {
                Optional<JobStatus> status = failure.executionStatus();
                if (status.isPresent() && status.get() == run.outcome.status()) {
                    LOG.debug("{}: {} was already {} (an earlier attempt took effect)", thing, run.key, status.get());
                    reported(run, true);
                } else if (status.isPresent() && status.get().isTerminal()) {
                    endedAtService(run, CancellationReason.forStatus(status.get()), status.get());
                } else if (run.terminalStateUnknownSeen) {
                    endedAtService(run, CancellationReason.COMPLETED_ELSEWHERE, null);
                } else {
                    run.terminalStateUnknownSeen = true;
                    reconcile(run, failure);
                }
                return;
            }
            case RESOURCE_NOT_FOUND:
                endedAtService(run, CancellationReason.DELETED, null);
                return;
            case VERSION_MISMATCH:
                reconcile(run, failure);
                return;
            case INVALID_REQUEST:
                invalidTerminal(run, failure);
                return;
            default:
                giveUp(run, failure);
        }
    }

    private void invalidTerminal(JobRun run, Failure failure) {
        if (!run.minimalDetailsTried && !run.reportDetails.isEmpty()) {
            run.minimalDetailsTried = true;
            Map<String, String> minimal = new LinkedHashMap<>();
            run.outcome.reason().ifPresent(reason -> minimal.put(JobResult.REASON_KEY,
                    StatusDetails.head(reason, Math.min(128, settings.limits().maxStatusDetailValueLength()))));
            LOG.warn("{}: the service refused the details of the {} report of {} ({}); sending the reason only",
                    thing, run.outcome.status(), run.key, failure);
            run.reportDetails = minimal;
            sendTerminal(run);
            return;
        }
        giveUp(run, failure);
    }

    private void retryTerminal(JobRun run, Failure failure) {
        run.retryTimer = retryAfterBackoff(++run.reportFailures, UPDATE, run.jobId, failure,
                () -> sendTerminal(run));
    }

    /** The terminal update's outcome is unknown: Describe, compare status and version, then decide. */
    private void reconcile(JobRun run, Failure why) {
        if (run.finished || run.stopUpdates) {
            tryFinish(run);
            return;
        }
        DescribeJobExecutionRequest request = describe(run);
        run.updateInFlight = true;
        call(DESCRIBE, () -> settings.client().describeJobExecution(request, settings.requestTimeout()),
                (DescribeJobExecutionResponse reply, Throwable error) -> onReconcileReply(run, why, reply, error));
    }

    private void onReconcileReply(JobRun run, Failure why, DescribeJobExecutionResponse reply, Throwable error) {
        run.updateInFlight = false;
        if (run.finished) {
            return;
        }
        if (run.stopUpdates) {
            tryFinish(run);
            return;
        }
        Failure failure = error == null ? null : Failure.of(error);
        if (endedPerDescribe(run, reply, failure, run.outcome.status())) {
            return;
        }
        if (failure == null) {
            run.reconcileFailures = 0;
            JobExecutionData execution = reply.execution().orElseThrow();
            JobStatus status = execution.status().orElse(JobStatus.UNKNOWN);
            long version = execution.versionNumber().orElse(-1);
            if (status == run.outcome.status()) {
                if (version >= 0 && version <= run.lastVersion) {
                    LOG.warn("{}: {} shows {} at version {}, not after the agent's last known version {}", thing,
                            run.key, status, version, run.lastVersion);
                }
                run.lastVersion = Math.max(run.lastVersion, version);
                LOG.debug("{}: the {} report of {} took effect (version {})", thing, status, run.key, version);
                reported(run, true);
            } else {
                LOG.debug("{}: the {} report of {} did not take effect ({} at version {}); sending it again", thing,
                        run.outcome.status(), run.key, status, version);
                retryTerminal(run, why);
            }
            return;
        }
        if (failure.code() == RejectedErrorCode.TERMINAL_STATE_REACHED) {
            if (run.terminalStateUnknownSeen) {
                endedAtService(run, CancellationReason.COMPLETED_ELSEWHERE, null);
            } else {
                run.terminalStateUnknownSeen = true;
                sendTerminal(run);
            }
            return;
        }
        run.retryTimer = retryAfterBackoff(++run.reconcileFailures, DESCRIBE, run.jobId, failure, () -> {
            run.retryTimer = null;
            reconcile(run, why);
        });
    }

    /**
     * Handles what a Describe of the run's execution says whatever it was asked for: nothing to do when the client
     * was closed; the run ended at the service when the execution is gone or in a terminal status other than
     * {@code expected} (the status the agent itself reported, if any).
     *
     * @return whether the reply was handled (the caller stops there)
     */
    private boolean endedPerDescribe(JobRun run, DescribeJobExecutionResponse reply, Failure failure,
            JobStatus expected) {
        if (failure != null) {
            if (failure.code() == RejectedErrorCode.RESOURCE_NOT_FOUND) {
                endedAtService(run, CancellationReason.DELETED, null);
                return true;
            }
            return failure.closed();
        }
        Optional<JobExecutionData> execution = reply.execution();
        if (execution.isEmpty()) {
            endedAtService(run, CancellationReason.DELETED, null);
            return true;
        }
        JobStatus status = execution.get().status().orElse(JobStatus.UNKNOWN);
        if (status.isTerminal() && status != expected) {
            endedAtService(run, CancellationReason.forStatus(status), status);
            return true;
        }
        return false;
    }

    /**
     * Schedules {@code again} after the backoff for the given number of consecutive failures and tells the
     * listener; returns the timer.
     */
    private Cancellable retryAfterBackoff(int attempt, String operation, String jobId, Failure failure,
            Runnable again) {
        Duration delay = settings.backoff().delay(attempt);
        LOG.debug("{}: {} {} failed ({}); attempt {} again in {}", thing, operation, jobId, failure, attempt,
                delay);
        Cancellable timer = schedule(delay, again);
        notifyListener(l -> l.onRetry(jobId, operation, attempt, delay, failure.cause));
        return timer;
    }

    private void reported(JobRun run, boolean viaState) {
        run.reported = true;
        run.reconciled |= viaState;
        run.finalStatus = run.outcome.status();
        closeRecord(run, true);
        finished.put(run.key, Boolean.TRUE);
        Map<String, String> details = run.reportDetails;
        JobStatus status = run.outcome.status();
        LOG.info("{}: job {} reported {}{}", thing, run.key, status, viaState ? " (confirmed by the service's state)"
                : "");
        notifyListener(l -> l.onStatusReported(run.jobId, run.executionNumber, status, details));
        tryFinish(run);
    }

    private void giveUp(JobRun run, Failure failure) {
        run.error = failure.cause;
        finished.put(run.key, Boolean.FALSE);
        LOG.error("{}: giving up reporting {} for {}: {}", thing, run.outcome.status(), run.key, failure);
        notifyListener(l -> l.onError("giving up reporting " + run.outcome.status() + " for job " + run.jobId,
                failure.cause));
        tryFinish(run);
    }

    // ================================================================================= finishing a job

    /** Ends the job when its report is settled and its handler has returned; then takes the next job. */
    private void tryFinish(JobRun run) {
        if (run != current || run.finished) {
            return;
        }
        boolean settled = run.reported || run.stopUpdates || run.error != null;
        if (!settled) {
            return;
        }
        if (!run.handlerExited.isDone()) {
            if (run.handlerStarted && run.stuckTimer == null) {
                if (run.signaledAt == null) {
                    run.signaledAt = now();
                }
                scheduleStuckCheck(run);
            }
            return;
        }
        run.finished = true;
        run.cancelTimers();
        current = null;
        currentExecution = null;
        JobOutcome outcome = JobOutcome.builder(run.jobId, run.executionNumber)
                .status(run.finalStatus)
                .reportedByAgent(run.reported)
                .statusDetails(run.reported && run.reportDetails != null ? run.reportDetails : Map.of())
                .cancellation(run.endedAtService != null ? run.endedAtService : run.cancelReason)
                .reportAttempts(run.reportAttempts)
                .reconciled(run.reconciled)
                .resumed(run.resumed)
                .error(run.error)
                .build();
        LOG.debug("{}: done with {}: {}", thing, run.key, outcome);
        notifyListener(l -> l.onJobFinished(outcome));
        if (closing) {
            closedFuture.complete(null);
            return;
        }
        kick();
    }

    // ================================================================================= closing

    private void beginClose() {
        if (closing) {
            return;
        }
        closing = true;
        cancelAgentTimers();
        closeStreams();
        JobRun run = current;
        if (run == null) {
            closedFuture.complete(null);
            return;
        }
        if (run.stage == JobRun.Stage.REPORTING) {
            LOG.debug("{}: closing; waiting for the report of {}", thing, run.key);
            return;
        }
        run.stopUpdates = true;
        run.heartbeatTimer = JobRun.cancel(run.heartbeatTimer);
        run.progressTimer = JobRun.cancel(run.progressTimer);
        run.verifyTimer = JobRun.cancel(run.verifyTimer);
        run.watchdog = JobRun.cancel(run.watchdog);
        signal(run, CancellationReason.AGENT_CLOSING);
        if (run.stage == JobRun.Stage.OPENING && !run.updateInFlight) {
            run.handlerExited.complete(null);
        }
        tryFinish(run);
    }

    // ================================================================================= checkpoint records

    private void saveRecord(JobRun run, Checkpoint record) {
        synchronized (run.recordLock) {
            if (run.recordClosed) {
                return;
            }
            try {
                settings.store().save(record);
            } catch (RuntimeException e) {
                storeFailed("cannot write the checkpoint of " + run.key, e);
            }
        }
    }

    /** No more writes of the record; deletes it when the execution is over at the service. */
    private void closeRecord(JobRun run, boolean delete) {
        synchronized (run.recordLock) {
            run.recordClosed = true;
            if (delete) {
                deleteRecord(run.jobId, run.executionNumber);
            }
        }
    }

    private void deleteRecord(String jobId, long executionNumber) {
        try {
            settings.store().delete(thing, jobId, executionNumber);
        } catch (RuntimeException e) {
            storeFailed("cannot delete the checkpoint of " + jobId + "#" + executionNumber, e);
        }
    }

    private void storeFailed(String message, RuntimeException e) {
        LOG.error("{}: {}", thing, message, e);
        notifyListener(l -> l.onError(message, e));
    }

    // ================================================================================= helpers

    private static Optional<Long> optionalLong(java.util.OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        if (duration.getNano() == 0) {
            return seconds + " s";
        }
        return duration.toMillis() + " ms";
    }

    @Override
    public String toString() {
        return "AgentEngine[" + thing + "]";
    }
}
