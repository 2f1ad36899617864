package io.iotjobs.testkit;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.testkit.JobsServiceEngine;
import io.iotjobs.internal.testkit.ServiceClock;
import io.iotjobs.internal.testkit.ServiceConfig;
import io.iotjobs.internal.testkit.SystemServiceClock;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A local AWS IoT Jobs service: the service side of the Jobs device MQTT API, so that device code, the SDK's
 * samples and tests run with no AWS account. It is an MQTT client on any MQTT 5 broker (the embedded broker
 * of this module, Mosquitto, ...): it subscribes to {@code $aws/things/+/jobs/#}, answers
 * GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution on their
 * {@code /accepted} and {@code /rejected} topics, and publishes {@code notify} and {@code notify-next} when
 * the real service would. It keeps the real state machine (versions, execution numbers, terminal statuses,
 * the "next" order), runs step and in-progress timers (TIMED_OUT), enforces the request limits, and offers
 * a {@linkplain #control() control API} and {@linkplain #faults() fault injection}.
 *
 * <pre>{@code
 * TestClock clock = TestClock.create();
 * try (LocalJobsService service = LocalJobsService.builder().connection(connection).clock(clock).build()) {
 *     service.start().join();
 *     service.control().createJob(JobSpec.builder("fw-17").targets("dev-1").build());
 *     // ... device code under test ...
 *     clock.advance(Duration.ofMinutes(30));   // step timers fire now, on this thread
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Requests are processed on the connection's delivery thread, in memory and without
 * blocking; control calls run on the caller's thread; timeouts and delayed replies run on the clock's thread
 * (with a {@link TestClock}, the thread calling {@code advance}). Every thing has its own lock, so changes to
 * one thing are atomic and ordered, and things are served in parallel. Replies and events are published at
 * QoS 1 without waiting for the broker.
 *
 * <p><b>Known differences from the real service.</b>
 * <ul>
 *   <li>Replies go to the {@code /accepted} and {@code /rejected} topics through the broker, so every client
 *       subscribed to them receives them; AWS delivers a reply only to the client that sent the request, even
 *       when it did not subscribe. Devices here must subscribe to their reply topics.</li>
 *   <li>Things need not be registered ({@link #registry()}) unless {@link Builder#strictThings(boolean)} is
 *       set: any valid thing name is accepted. GetPending and StartNext for a thing that has no job answer with
 *       empty results, and Describe answers {@code ResourceNotFound}.</li>
 *   <li>Job configurations (retry, abort, rollout, scheduling, presigned URLs, namespaces), templates, thing
 *       groups, continuous jobs and lifecycle events work as AWS documents them (see {@link JobSpec}); where the
 *       documentation leaves a point open the service's choice is marked UNCONFIRMED in its classes and listed in
 *       the testkit documentation. Document parameters fill the placeholders of any template (AWS: managed
 *       templates only); presigned URLs point to the local {@link #files() file store}; {@code documentSource}
 *       and software packages are not supported.</li>
 *   <li>Requests over AWS IoT's 128 KB payload limit are rejected with {@code InvalidRequest} naming the limit,
 *       unprocessed (AWS's broker refuses them before the Jobs service sees them).</li>
 *   <li>Rate limits exist only through {@link FaultInjection#throttleAbove(int)}.</li>
 *   <li>Replies and events are published at QoS 1 (the real QoS is undocumented); MQTT 5 correlation data
 *       is not echoed: replies are correlated by {@code clientToken}, as all AWS SDKs do.</li>
 *   <li>Events for one thing leave in the order of its changes (the reply to a request before the events it
 *       caused, {@code notify} before {@code notify-next}); AWS guarantees no order.</li>
 *   <li>The in-progress timeout may be any positive duration up to 7 days, not only whole minutes. Timeouts
 *       fire exactly at the deadline (AWS may be up to a minute late).</li>
 * </ul>
 *
 * <p><b>Choices where the real behaviour is not documented</b> (see the protocol reference):
 * <ul>
 *   <li>Describe of a terminal execution is accepted and shows the terminal status;
 *       {@link Builder#describeTerminalAsError(boolean)} makes it {@code TerminalStateReached} instead.</li>
 *   <li>An update of a terminal execution is checked before {@code expectedVersion}: it gets
 *       {@code InvalidStateTransition} even with a wrong version.</li>
 *   <li>Service-side changes (cancel, timeout) add one to the version, like device changes.</li>
 *   <li>A supplied {@code statusDetails} map replaces the stored one (no merge).</li>
 *   <li>StartNext on an execution already IN_PROGRESS returns it unchanged: statusDetails, version and step
 *       timer untouched even when the request carries new ones.</li>
 *   <li>{@code stepTimeoutInMinutes: -1} is accepted when no step timer runs (no-op).</li>
 *   <li>An unknown {@code executionNumber} is {@code ResourceNotFound}; with {@code $next} it is ignored.</li>
 *   <li>Update on {@code $next} is {@code InvalidRequest} (the job id must be a real one).</li>
 *   <li>A request on an unknown topic under {@code $aws/things/{thing}/jobs/} is answered with
 *       {@code InvalidTopic} on {@code <topic>/rejected} (topics ending in {@code /accepted} or
 *       {@code /rejected} are never answered); messages a device publishes to {@code notify} or
 *       {@code notify-next} are ignored.</li>
 *   <li>A client token longer than the limit (64 by default), status values a device may not set, and
 *       statusDetails beyond the limits (10 pairs, 1024 characters, no control characters by default) or with
 *       values that are not strings are {@code InvalidRequest}; the rejection echoes any string
 *       {@code clientToken} it could read.</li>
 *   <li>GetPending and notify list at most {@link Builder#pendingListSize(int)} executions in total
 *       (IN_PROGRESS first), 10 by default.</li>
 * </ul>
 */
public final class LocalJobsService implements AutoCloseable {

    private final JobsServiceEngine engine;
    private final ServiceClock ownedClock;
    private final Clock clock;
    private final JobsControl control;
    private final FaultInjection faults;
    private final ThingRegistry registry;
    private final JobFiles files;

    private LocalJobsService(JobsServiceEngine engine, ServiceClock ownedClock, Clock clock) {
        this.engine = engine;
        this.ownedClock = ownedClock;
        this.clock = clock;
        this.control = new JobsControl(engine.control());
        this.faults = new FaultInjection(engine.faults());
        this.registry = new ThingRegistry(engine.registry());
        this.files = new JobFiles(engine.files());
    }

    /**
     * A builder; {@link Builder#connection(MqttConnection)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving: subscribes to the Jobs topics of every thing on the connection. The connection may be
     * connected before or after; the subscription is made as soon as it is up. Idempotent (after a failure,
     * a later call tries again).
     *
     * @return completes (on an MQTT thread) when the broker acknowledged the subscription, from when on
     *     requests are answered; fails with the connection's exception if the broker refused it, or with an
     *     {@link IllegalStateException} after {@link #close()}
     */
    public CompletableFuture<Void> start() {
        return engine.start();
    }

    /**
     * The control API (create, cancel, delete, describe jobs and executions).
     *
     * @return the control API
     */
    public JobsControl control() {
        return control;
    }

    /**
     * The thing registry (things and static thing groups).
     *
     * @return the registry
     */
    public ThingRegistry registry() {
        return registry;
    }

    /**
     * The files that presigned URLs in job documents serve.
     *
     * @return the file store
     */
    public JobFiles files() {
        return files;
    }

    /**
     * The fault-injection switches.
     *
     * @return the faults
     */
    public FaultInjection faults() {
        return faults;
    }

    /**
     * The clock the service reads: the {@link TestClock} given to the builder, or the system UTC clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Stops serving: unsubscribes (without waiting for the broker), cancels every timer and delayed reply,
     * and stops the timer thread of the system clock. Requests still arriving are ignored and control calls
     * fail. The connection stays open (it is yours), and so does a {@link TestClock}. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
        if (ownedClock != null) {
            ownedClock.close();
        }
    }

    JobsServiceEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "LocalJobsService{" + engine.config() + "}";
    }

    /** Builds a {@link LocalJobsService}. Not thread-safe. */
    public static final class Builder {
        private Transport transport;
        private TestClock testClock;
        private ServiceConfig config = ServiceConfig.DEFAULT;

        private Builder() {}

        /**
         * The MQTT connection to serve on (required). It should have a client id of its own: the service
         * subscribes with no-local, so it never sees its own replies and events. It may be shared with
         * clients, although devices normally use connections of their own.
         *
         * @param connection the connection
         * @return this builder
         */
        public Builder connection(MqttConnection connection) {
            this.transport = ConnectionAccess.transport(Objects.requireNonNull(connection, "connection"));
            return this;
        }

        /** Serves on a transport directly (tests of this package, with the in-memory broker). */
        Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Uses a manual clock for every timestamp, timer and delayed reply (default: the system clock with a
         * daemon timer thread).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(TestClock clock) {
            this.testClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The request limits: statusDetails pairs and value length, client token length (default
         * {@link JobsLimits#DEFAULT}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(JobsLimits limits) {
            this.config = config.withLimits(limits);
            return this;
        }

        /**
         * Most executions listed by GetPendingJobExecutions and {@code notify} (default 10; 15 with AWS
         * scheduling configurations).
         *
         * @param size at least 1
         * @return this builder
         * @throws IllegalArgumentException if the size is less than 1
         */
        public Builder pendingListSize(int size) {
            this.config = config.withPendingListSize(size);
            return this;
        }

        /**
         * Largest job document accepted by {@link JobsControl#createJob(JobSpec)}, in bytes of compact UTF-8
         * JSON (default 32768).
         *
         * @param bytes at least 2
         * @return this builder
         * @throws IllegalArgumentException if less than 2
         */
        public Builder maxJobDocumentBytes(int bytes) {
            this.config = config.withMaxJobDocumentBytes(bytes);
            return this;
        }

        /**
         * Whether Describe of an execution in a terminal status is rejected with {@code TerminalStateReached}
         * instead of accepted with the terminal status (default false; which one AWS does is undocumented).
         *
         * @param enabled true for the rejection
         * @return this builder
         */
        public Builder describeTerminalAsError(boolean enabled) {
            this.config = config.withDescribeTerminalAsError(enabled);
            return this;
        }

        /**
         * Whether things must be registered ({@link ThingRegistry#createThing(String)}) before devices use them
         * and jobs target them (default false: any valid thing name is served, as if registered). With it, a
         * request for an unregistered thing is rejected with {@code ResourceNotFound} and a job targeting one
         * is refused.
         *
         * @param enabled true to require registered things
         * @return this builder
         */
        public Builder strictThings(boolean enabled) {
            this.config = config.withStrictThings(enabled);
            return this;
        }

        /**
         * Builds the service; it serves once {@link LocalJobsService#start()} is called.
         *
         * @return the service
         * @throws IllegalStateException if no connection was given
         */
        public LocalJobsService build() {
            if (transport == null) {
                throw new IllegalStateException("connection: required");
            }
            if (testClock != null) {
                return new LocalJobsService(
                        new JobsServiceEngine(transport, testClock.serviceClock(), config), null, testClock);
            }
            SystemServiceClock system = new SystemServiceClock("local-jobs-timers");
            return new LocalJobsService(new JobsServiceEngine(transport, system, config), system, Clock.systemUTC());
        }
    }
}
