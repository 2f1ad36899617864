package io.iotjobs.agent;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.agent.AgentSettings;
import io.iotjobs.internal.agent.Backoff;
import io.iotjobs.internal.agent.Checks;
import io.iotjobs.internal.agent.Coordinator;
import io.iotjobs.internal.agent.HandlerRegistry;
import io.iotjobs.internal.agent.SystemScheduler;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.v2.IotJobsClientV2;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Runs the jobs of one thing: the device side of AWS IoT Jobs as one object. It listens for jobs, starts the
 * next one, runs the handler registered for its document, keeps the execution alive while the handler works,
 * notices when the job is canceled, reports the result exactly once, and goes on with the next job.
 *
 * <pre>{@code
 * JobsAgent agent = JobsAgent.builder(connection, "dev-1")
 *     .on("operation", "reboot", context -> {
 *         context.checkpoint("rebooting");
 *         return JobResult.succeeded();
 *     })
 *     .checkpointStore(CheckpointStore.inDirectory(Path.of("/var/lib/my-device/jobs")))
 *     .build();
 * agent.start();
 * // ... until shutdown:
 * agent.close();
 * }</pre>
 *
 * <h2>What the agent guarantees</h2>
 * <ul>
 *   <li><b>One job at a time.</b> A handler starts only after the previous one has returned, even when a
 *       handler ignores every request to stop (the agent then warns through
 *       {@link AgentListener#onHandlerStuck} and waits).</li>
 *   <li><b>Jobs in the service's order.</b> Each job is taken with StartNextPendingJobExecution, so IN_PROGRESS
 *       executions come first, then QUEUED ones oldest first. Repeated or late notifications never start a job
 *       twice.</li>
 *   <li><b>IN_PROGRESS at the start, the result at the end.</b> The handler's {@link JobResult} is reported
 *       as SUCCEEDED, FAILED or REJECTED with its status details and the tail of the job's output; an
 *       exception is reported as FAILED.</li>
 *   <li><b>Alive while working.</b> With a step timeout (10 minutes by default) every IN_PROGRESS update
 *       restarts the step timer, and a heartbeat update goes out before the timer can expire, so a long job is
 *       not timed out while its handler runs; a device that dies stops the heartbeat and the service times
 *       the job out.</li>
 *   <li><b>Bounded handlers.</b> A handler that runs past its time limit (one hour by default) is told to
 *       stop and the execution is reported FAILED at once.</li>
 *   <li><b>Cancellation noticed.</b> When the execution is canceled, removed, deleted or timed out at the
 *       service (seen on notify or notify-next, by DescribeJobExecution, or from a rejected update) the
 *       handler is told to stop ({@link JobContext}) and the agent never reports over the terminal status.</li>
 *   <li><b>Reported exactly once.</b> A terminal update that is throttled, fails inside the service, times out
 *       or is lost with the connection is sent again with a fresh client token after an exponential backoff
 *       with jitter; when the outcome is unknown the agent first asks DescribeJobExecution and compares
 *       status and version, so an update that took effect is not sent again.</li>
 *   <li><b>Resumed after a restart.</b> With a durable {@link CheckpointStore}, a job that was running when the
 *       process stopped is resumed by the next agent: a finished result is reported without running the
 *       handler again, otherwise the handler runs with {@link JobContext#resumedFrom()} set to its last
 *       checkpoint. An execution started more than {@link Builder#maxStarts(int)} times is failed.</li>
 *   <li><b>Reconnects.</b> After the connection comes back (with or without its session) the agent asks the
 *       service for the current state, so jobs queued or canceled meanwhile are not missed.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Handlers run on a thread of their own per job (or on {@link Builder#handlerExecutor(Executor)}); the
 *       handler's thread is interrupted when the agent tells it to stop.</li>
 *   <li>The agent's decisions run on one daemon thread of its own ({@code iotjobs-agent-<thing>}); MQTT
 *       replies and events are handed to it. No user code runs there.</li>
 *   <li>{@link AgentListener} methods and the cancellation callbacks of {@link JobContext} run, one at a time,
 *       on a second daemon thread of the agent ({@code iotjobs-agent-<thing>-events}).</li>
 *   <li>Timing (heartbeats, time limits, backoff, request deadlines, the progress throttle) goes through the
 *       {@link AgentScheduler}: by default the system clock with a daemon timer thread.</li>
 * </ul>
 * The agent is thread-safe: {@link #start()}, {@link #close()} and {@link #currentJob()} may be called from
 * any thread, including handlers and listeners (except {@link #close()} from a handler, which would wait for
 * itself).
 */
public final class JobsAgent implements AutoCloseable {

    /** The status-details key under which the agent reports the last checkpoint with IN_PROGRESS updates. */
    public static final String CHECKPOINT_KEY = "checkpoint";
    /** How long {@link #close()} waits for the running handler and a pending report. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Coordinator coordinator;
    private final String thingName;

    private JobsAgent(Coordinator coordinator, String thingName) {
        this.coordinator = coordinator;
        this.thingName = thingName;
    }

    /**
     * A builder for an agent that uses a V2 client of its own on the connection (closed with the agent; the
     * connection stays yours). The agent also listens to the connection's events to resynchronise after a
     * reconnect.
     *
     * @param connection the MQTT connection (connected before or after {@link #start()})
     * @param thingName the thing whose jobs to run
     * @return the builder
     * @throws IllegalArgumentException if the thing name is not 1–128 characters of {@code [a-zA-Z0-9:_-]}
     */
    public static Builder builder(MqttConnection connection, String thingName) {
        return new Builder(Objects.requireNonNull(connection, "connection"), null, thingName);
    }

    /**
     * A builder for an agent on an existing V2 client (not closed by the agent). Give the client's connection
     * to {@link Builder#connection(MqttConnection)} too, so that the agent also resynchronises after a reconnect
     * that kept the session; after a lost session it resynchronises either way.
     *
     * @param client the V2 client
     * @param thingName the thing whose jobs to run
     * @return the builder
     * @throws IllegalArgumentException if the thing name is not 1–128 characters of {@code [a-zA-Z0-9:_-]}
     */
    public static Builder builder(IotJobsClientV2 client, String thingName) {
        return new Builder(null, Objects.requireNonNull(client, "client"), thingName);
    }

    /**
     * Starts listening and running jobs: subscribes to the thing's notify and notify-next topics, then asks for
     * the next job. Idempotent.
     *
     * @return completes (on an agent or MQTT thread) when both subscriptions are established; fails with the
     *     subscription's error, after which the agent keeps retrying the subscriptions with backoff (and asks
     *     for jobs at every idle poll meanwhile) until it is closed
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<Void> start() {
        return coordinator.start();
    }

    /**
     * The execution whose handler is running or whose result is being reported.
     *
     * @return the execution, or empty when the agent is idle
     */
    public Optional<JobExecutionData> currentJob() {
        return coordinator.currentJob();
    }

    /**
     * The thing.
     *
     * @return the thing name
     */
    public String thingName() {
        return thingName;
    }

    /**
     * Stops taking jobs and closes, waiting at most {@link #DEFAULT_CLOSE_TIMEOUT}; see
     * {@link #close(Duration)}.
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops taking jobs and closes: unsubscribes, tells a running handler to stop
     * ({@link CancellationReason#AGENT_CLOSING}) and waits for it, or lets a pending terminal report finish;
     * then stops the agent's threads and closes the V2 client if the agent created it. The execution of an
     * interrupted handler stays IN_PROGRESS at the service, with its checkpoint record, for the next agent to
     * resume; nothing is reported for it. Idempotent.
     *
     * @param timeout how long to wait, in real time, for the handler to return and the report to be
     *     confirmed (a stored result is reported by the next agent otherwise)
     * @return true if nothing was left running or unreported when the agent closed
     */
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return coordinator.close(timeout);
    }

    @Override
    public String toString() {
        return "JobsAgent[" + thingName + "]";
    }

    /**
     * Settings of a {@link JobsAgent}. Not thread-safe. Every setting has a default; only the handlers are
     * yours to add.
     */
    public static final class Builder {
        private final MqttConnection connectionForClient;
        private final IotJobsClientV2 client;
        private final String thingName;
        private MqttConnection connection;
        private final HandlerRegistry handlers = new HandlerRegistry();
        private CheckpointStore store;
        private AgentScheduler scheduler;
        private Executor handlerExecutor;
        private AgentListener listener = new AgentListener() {};
        private JobsLimits limits = JobsLimits.DEFAULT;
        private long stepTimeoutMinutes = 10;
        private Duration heartbeatInterval;
        private boolean heartbeat = true;
        private Duration handlerTimeLimit = Duration.ofHours(1);
        private Duration progressInterval = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration backoffMin = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofMinutes(2);
        private Duration cancelGrace = Duration.ofSeconds(30);
        private Duration idlePollInterval = Duration.ofMinutes(15);
        private int maxStarts = 3;

        private Builder(MqttConnection connectionForClient, IotJobsClientV2 client, String thingName) {
            this.connectionForClient = connectionForClient;
            this.connection = connectionForClient;
            this.client = client;
            this.thingName = checkThingName(thingName);
        }

        /**
         * Runs jobs whose document has a top-level string field with the given value, for example
         * {@code on("operation", "reboot", handler)} for {@code {"operation":"reboot"}}. Registrations are tried
         * in the order they were made; the first that matches runs the job.
         *
         * @param field the field
         * @param value the value
         * @param handler the handler
         * @return this builder
         */
        public Builder on(String field, String value, JobHandler handler) {
            handlers.byField(field, value, handler, null);
            return this;
        }

        /**
         * Like {@link #on(String, String, JobHandler)}, with a time limit of this handler's own.
         *
         * @param field the field
         * @param value the value
         * @param handler the handler
         * @param timeLimit how long the handler may run before the agent fails the job
         * @return this builder
         */
        public Builder on(String field, String value, JobHandler handler, Duration timeLimit) {
            handlers.byField(field, value, handler, Checks.positive(timeLimit, "timeLimit"));
            return this;
        }

        /**
         * Runs jobs whose document the predicate accepts (tried in registration order with the others).
         *
         * @param matcher the predicate; it runs on the agent's thread and must be quick
         * @param handler the handler
         * @return this builder
         */
        public Builder when(Predicate<JobDocument> matcher, JobHandler handler) {
            handlers.byPredicate(matcher, handler, null);
            return this;
        }

        /**
         * Like {@link #when(Predicate, JobHandler)}, with a time limit of this handler's own.
         *
         * @param matcher the predicate
         * @param handler the handler
         * @param timeLimit how long the handler may run before the agent fails the job
         * @return this builder
         */
        public Builder when(Predicate<JobDocument> matcher, JobHandler handler, Duration timeLimit) {
            handlers.byPredicate(matcher, handler, Checks.positive(timeLimit, "timeLimit"));
            return this;
        }

        /**
         * Runs the jobs no registration matches. Without it such jobs are REJECTED with a reason that names
         * the document's values of the fields used by {@link #on(String, String, JobHandler)}.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder defaultHandler(JobHandler handler) {
            handlers.fallback(handler, null);
            return this;
        }

        /**
         * Runs the jobs whose document is an AWS IoT Device Client document (the steps schema, the older
         * {@code operation} schema, and so the AWS managed job templates) with the built-in handler, tried in
         * registration order with the others; see {@link DeviceClientJobs}.
         *
         * @param jobs the handler
         * @return this builder
         */
        public Builder deviceClientJobs(DeviceClientJobs jobs) {
            Objects.requireNonNull(jobs, "jobs");
            handlers.named(
                    "device client document",
                    jobs::accepts,
                    jobs,
                    jobs.jobTimeLimit().orElse(null));
            return this;
        }

        /**
         * How long a handler may run before the agent tells it to stop and reports the job FAILED (default one
         * hour). Registrations with a time limit of their own override it.
         *
         * @param timeLimit a positive duration
         * @return this builder
         */
        public Builder handlerTimeLimit(Duration timeLimit) {
            this.handlerTimeLimit = Checks.positive(timeLimit, "handlerTimeLimit");
            return this;
        }

        /**
         * The step timeout sent with StartNext and every IN_PROGRESS update (default 10 minutes): the service
         * times the execution out if no update comes within it. Whole minutes, 1 to 10,080.
         *
         * @param stepTimeout the timeout
         * @return this builder
         */
        public Builder stepTimeout(Duration stepTimeout) {
            Objects.requireNonNull(stepTimeout, "stepTimeout");
            long minutes = stepTimeout.toMinutes();
            if (!stepTimeout.equals(Duration.ofMinutes(minutes)) || minutes < 1 || minutes > 10080) {
                throw new IllegalArgumentException(
                        "stepTimeout: must be whole minutes from 1 to 10080, got " + stepTimeout);
            }
            this.stepTimeoutMinutes = minutes;
            return this;
        }

        /**
         * Sends no step timeout: the execution is bounded only by the job's in-progress timeout, if it has one.
         * Heartbeats are then not needed and not sent.
         *
         * @return this builder
         */
        public Builder noStepTimeout() {
            this.stepTimeoutMinutes = 0;
            return this;
        }

        /**
         * How often the agent sends an IN_PROGRESS update while a handler runs with nothing else to report
         * (default half the step timeout). Must be shorter than the step timeout.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Checks.positive(interval, "heartbeatInterval");
            this.heartbeat = true;
            return this;
        }

        /**
         * Sends no heartbeat: the step timer then bounds the time between two progress updates of the handler
         * (a handler that reports nothing for a step timeout is timed out by the service).
         *
         * @return this builder
         */
        public Builder noHeartbeat() {
            this.heartbeat = false;
            return this;
        }

        /**
         * The least time between two IN_PROGRESS updates caused by {@link JobContext#progress} and
         * {@link JobContext#checkpoint} (default 30 seconds; the latest details win).
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder progressInterval(Duration interval) {
            Objects.requireNonNull(interval, "progressInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("progressInterval: must not be negative, got " + interval);
            }
            this.progressInterval = interval;
            return this;
        }

        /**
         * How long the agent waits for the reply to each request before it treats the outcome as unknown
         * (default 30 seconds), measured on the agent's scheduler.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Checks.positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * The backoff between retries (default 1 second, doubling up to 2 minutes); each delay is drawn between
         * half the current cap and the cap.
         *
         * @param min the first cap
         * @param max the largest cap
         * @return this builder
         */
        public Builder retryBackoff(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            new Backoff(min, max, () -> 0);
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /**
         * How long a handler that was told to stop may take before the agent warns that it is stuck (default
         * 30 seconds; the warning repeats each period while the handler runs).
         *
         * @param grace a positive duration
         * @return this builder
         */
        public Builder cancelGracePeriod(Duration grace) {
            this.cancelGrace = Checks.positive(grace, "cancelGracePeriod");
            return this;
        }

        /**
         * How often an idle agent asks for the next job, in case a notification was lost (default 15 minutes).
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder idlePollInterval(Duration interval) {
            this.idlePollInterval = Checks.positive(interval, "idlePollInterval");
            return this;
        }

        /**
         * Never polls when idle: jobs are found through notifications, reconnects and the end of the previous
         * job only.
         *
         * @return this builder
         */
        public Builder noIdlePoll() {
            this.idlePollInterval = null;
            return this;
        }

        /**
         * How many times agents may start the same execution (the first start and each resume after a restart)
         * before the next start reports it FAILED instead of running it again (default 3), so that a job that
         * crashes the process does not run for ever.
         *
         * @param starts at least 1
         * @return this builder
         */
        public Builder maxStarts(int starts) {
            if (starts < 1) {
                throw new IllegalArgumentException("maxStarts: must be at least 1, got " + starts);
            }
            this.maxStarts = starts;
            return this;
        }

        /**
         * Where checkpoints are kept (default: {@code CheckpointStore.inDirectory(<user home>/.iotjobs/agent)},
         * created when the first job starts).
         *
         * @param checkpointStore the store
         * @return this builder
         */
        public Builder checkpointStore(CheckpointStore checkpointStore) {
            this.store = Objects.requireNonNull(checkpointStore, "checkpointStore");
            return this;
        }

        /**
         * The clock and timer of all the agent's timing (default: the system clock and a daemon timer thread
         * owned by the agent).
         *
         * @param agentScheduler the scheduler (not closed by the agent)
         * @return this builder
         */
        public Builder scheduler(AgentScheduler agentScheduler) {
            this.scheduler = Objects.requireNonNull(agentScheduler, "scheduler");
            return this;
        }

        /**
         * Runs handlers on your executor instead of a new thread per job. The executor must run the task on
         * another thread than the caller's; the agent interrupts that thread to stop a handler and clears the
         * interrupt flag when the handler returns.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder handlerExecutor(Executor executor) {
            this.handlerExecutor = Objects.requireNonNull(executor, "handlerExecutor");
            return this;
        }

        /**
         * The observer of the agent's events.
         *
         * @param agentListener the listener
         * @return this builder
         */
        public Builder listener(AgentListener agentListener) {
            this.listener = Objects.requireNonNull(agentListener, "listener");
            return this;
        }

        /**
         * The connection of the client given to {@link JobsAgent#builder(IotJobsClientV2, String)}, so that the
         * agent hears of reconnects that kept the session (not needed with
         * {@link JobsAgent#builder(MqttConnection, String)}).
         *
         * @param mqttConnection the connection
         * @return this builder
         */
        public Builder connection(MqttConnection mqttConnection) {
            this.connection = Objects.requireNonNull(mqttConnection, "connection");
            return this;
        }

        /**
         * The status-details limits of the service (default {@link JobsLimits#DEFAULT}: 10 pairs, values of
         * 1,024 characters); the agent fits its updates into them.
         *
         * @param jobsLimits the limits
         * @return this builder
         */
        public Builder limits(JobsLimits jobsLimits) {
            this.limits = Objects.requireNonNull(jobsLimits, "limits");
            return this;
        }

        /**
         * Creates the agent (it does nothing until {@link JobsAgent#start()}).
         *
         * @return the agent
         * @throws IllegalArgumentException if the heartbeat interval is not shorter than the step timeout
         */
        public JobsAgent build() {
            Duration beat = null;
            if (heartbeat && stepTimeoutMinutes > 0) {
                Duration step = Duration.ofMinutes(stepTimeoutMinutes);
                beat = heartbeatInterval != null ? heartbeatInterval : step.dividedBy(2);
                if (beat.compareTo(step) >= 0) {
                    throw new IllegalArgumentException(
                            "heartbeatInterval: must be shorter than the step timeout " + step + ", got " + beat);
                }
            }
            boolean ownsScheduler = scheduler == null;
            AgentScheduler usedScheduler =
                    ownsScheduler ? new SystemScheduler("iotjobs-agent-" + thingName + "-timer") : scheduler;
            IotJobsClientV2 usedClient = client != null
                    ? client
                    : IotJobsClientV2.builder(connectionForClient)
                            .limits(limits)
                            .timer(usedScheduler)
                            .build();
            CheckpointStore usedStore = store != null
                    ? store
                    : CheckpointStore.inDirectory(Path.of(System.getProperty("user.home"), ".iotjobs", "agent"));
            AgentSettings settings = new AgentSettings(
                    thingName,
                    usedClient,
                    client == null,
                    connection,
                    handlers.copy(),
                    usedStore,
                    usedScheduler,
                    ownsScheduler,
                    handlerExecutor,
                    listener,
                    limits,
                    stepTimeoutMinutes,
                    beat,
                    handlerTimeLimit,
                    progressInterval,
                    requestTimeout,
                    new Backoff(
                            backoffMin,
                            backoffMax,
                            () -> ThreadLocalRandom.current().nextDouble()),
                    cancelGrace,
                    idlePollInterval,
                    maxStarts);
            return new JobsAgent(Coordinator.create(settings), thingName);
        }

        private static String checkThingName(String thingName) {
            Objects.requireNonNull(thingName, "thingName");
            boolean ok = !thingName.isEmpty() && thingName.length() <= 128;
            for (int i = 0; ok && i < thingName.length(); i++) {
                char c = thingName.charAt(i);
                ok = c >= 'a' && c <= 'z'
                        || c >= 'A' && c <= 'Z'
                        || c >= '0' && c <= '9'
                        || c == '_'
                        || c == '-'
                        || c == ':';
            }
            if (!ok) {
                throw new IllegalArgumentException(
                        "thingName: must be 1-128 characters of [a-zA-Z0-9:_-], got \"" + thingName + "\"");
            }
            return thingName;
        }
    }
}
