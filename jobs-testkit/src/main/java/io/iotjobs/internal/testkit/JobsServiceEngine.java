package io.iotjobs.internal.testkit;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportSubscription;
import io.iotjobs.internal.protocol.Topics;
import io.iotjobs.model.JobStatus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the local IoT Jobs service: the service side of the device MQTT API, as a client on any
 * broker. It subscribes to {@code $aws/things/+/jobs/#} (no-local), answers the four operations on
 * {@code /accepted} or {@code /rejected}, publishes {@code notify} and {@code notify-next} when the pending set
 * or its head changes, runs step and in-progress timers, and offers a {@linkplain #control() control API} and
 * {@linkplain #faults() fault injection}.
 *
 * <p>Threads: requests are processed on the transport's delivery thread (all in memory, never blocking);
 * control calls on the caller's thread; timeouts and delayed replies on the clock's thread (the thread that
 * advances a manual clock). Each thing has its own lock; there is no global lock.
 */
public final class JobsServiceEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);

    private final Transport transport;
    private final ServiceConfig config;
    private final Observers observers = new Observers();
    private final Faults faults = new Faults(() -> observers.changed(ServiceObserver.Scope.FAULTS, null));
    private final ServiceOutput output;
    private final ServiceState state;
    private final ExecutionTimers timers;
    private final RequestProcessor processor;
    private final ControlPlane control;
    private final Registry registry;
    private final FileStore files;
    private final ServiceArns arns;
    private final DataPlane dataPlane;
    private final Outcomes outcomes;
    private final Rollouts rollouts;
    private final Schedules schedules;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<TransportSubscription> subscription = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> started = new AtomicReference<>();

    /**
     * Creates the engine; nothing happens until {@link #start()}.
     *
     * @param transport the MQTT connection to serve on (not closed by the engine)
     * @param clock the time source and timer (not closed by the engine)
     * @param config the settings
     */
    public JobsServiceEngine(Transport transport, ServiceClock clock, ServiceConfig config) {
        this.transport = Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.output = new ServiceOutput(transport, clock, faults, observers);
        this.files = new FileStore(clock::now);
        DeviceDocuments documents = new DeviceDocuments(files);
        this.state = new ServiceState(clock, new EventPlanner(config.pendingListSize(), documents), output, observers);
        this.timers = new ExecutionTimers(clock, this::expired);
        this.registry = new Registry(clock::now, observers);
        this.arns = new ServiceArns();
        LifecycleEvents events = new LifecycleEvents(state, output, arns);
        Changes changes = new Changes(state, timers, events);
        this.rollouts = new Rollouts(clock, changes);
        this.schedules = new Schedules(clock, changes);
        rollouts.gate(schedules);
        this.outcomes = new Outcomes(state, new Aborts(changes), rollouts, events);
        OperationHandlers handlers = new OperationHandlers(config, timers, outcomes, documents);
        this.processor = new RequestProcessor(config, clock, faults, state, handlers, output, registry, observers);
        this.dataPlane = new DataPlane(processor);
        this.control =
                new ControlPlane(config, state, changes, registry, rollouts, schedules, events, arns, closed::get);
    }

    /**
     * Subscribes to the Jobs topics of every thing. Idempotent: later calls return the first call's future
     * (after a failure, a later call tries again).
     *
     * @return completes when the broker acknowledged the subscription; fails with the transport's exception
     *     if it refused it, or with an {@link IllegalStateException} if the engine is closed
     */
    public CompletableFuture<Void> start() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the local Jobs service is closed"));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!started.compareAndSet(null, mine)) {
            return started.get();
        }
        transport
                .subscribe(Topics.ALL_JOBS_FILTER, SubscribeOptions.of(Qos.AT_LEAST_ONCE, true), processor)
                .whenComplete((handle, error) -> {
                    if (error != null) {
                        started.compareAndSet(mine, null);
                        mine.completeExceptionally(error);
                        return;
                    }
                    subscription.set(handle);
                    if (closed.get()) {
                        handle.unsubscribe();
                    }
                    LOG.info("local Jobs service serving on {} ({})", transport.name(), config);
                    mine.complete(null);
                });
        return mine;
    }

    /**
     * Adds an observer of the service's traffic and changes (the web console).
     *
     * @param observer told on the service's threads; must never block
     * @return removes the observer again
     */
    public Runnable observe(ServiceObserver observer) {
        return observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /**
     * The control API.
     *
     * @return the control plane
     */
    public ControlPlane control() {
        return control;
    }

    /**
     * The thing registry.
     *
     * @return the registry
     */
    public Registry registry() {
        return registry;
    }

    /**
     * The region and account of the ARNs in lifecycle events.
     *
     * @return the ARNs
     */
    public ServiceArns arns() {
        return arns;
    }

    /**
     * The device operations for the HTTP data plane.
     *
     * @return the data plane
     */
    public DataPlane dataPlane() {
        return dataPlane;
    }

    /**
     * The file store that presigned URLs point to.
     *
     * @return the store
     */
    public FileStore files() {
        return files;
    }

    /**
     * The fault-injection switches.
     *
     * @return the faults
     */
    public Faults faults() {
        return faults;
    }

    /**
     * The settings.
     *
     * @return the configuration
     */
    public ServiceConfig config() {
        return config;
    }

    /**
     * Stops serving: unsubscribes (without waiting for the broker), ignores requests still arriving, cancels
     * every timer and delayed reply. Control calls then fail. Idempotent; the transport and clock stay open.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        processor.close();
        rollouts.close();
        schedules.close();
        TransportSubscription handle = subscription.getAndSet(null);
        if (handle != null) {
            handle.unsubscribe();
        }
        for (ThingRecord thing : state.things()) {
            thing.lock.lock();
            try {
                thing.all().forEach(timers::cancel);
            } finally {
                thing.lock.unlock();
            }
        }
        output.close();
        LOG.info("local Jobs service on {} closed", transport.name());
    }

    /** A timer task fired (on the clock's thread): the execution times out unless it changed meanwhile. */
    private void expired(ExecutionRecord execution, long generation) {
        if (closed.get()) {
            return;
        }
        state.change(execution.thing.thingName, (thing, now) -> {
            if (!ExecutionTimers.current(execution, generation) || execution.status != JobStatus.IN_PROGRESS) {
                return null;
            }
            execution.markTerminal(JobStatus.TIMED_OUT);
            // service-side change: the version grows as for a device change (UNCONFIRMED, see ControlPlane)
            execution.bump(now);
            timers.sync(execution);
            LOG.info("{} timer {} {} -> TIMED_OUT", thing.thingName, execution.jobId(), execution.executionNumber);
            outcomes.ended(thing, execution, now);
            return null;
        });
    }
}
