package io.iotjobs.internal.agent;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.StartNextJobExecutionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How jobs reach the agent: the notify and notify-next streams (subscribed again with backoff when they fail),
 * resynchronisation after reconnects, StartNext (one at a time; a request while one is out asks once more
 * after it), the idle poll, and the clean-up of stale checkpoint records at start. Events about the running
 * execution go to the coordinator, which checks it.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    /** Where StartNext stands. */
    private enum Asking {
        /** No StartNext out. */
        IDLE,
        /** One is out. */
        ASKING,
        /** One is out, and something asked for another after it. */
        ASKING_AGAIN
    }

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final JobsPort port;
    private final Requests requests;
    private final CheckpointWriter writer;
    private final Coordinator coordinator;
    private final AgentTimer streamRetry;
    private final AgentTimer startNextRetry;
    private final AgentTimer idlePoll;
    private JobsPort.Streams streams;
    private int generation;
    private int streamFailures;
    private boolean streamLost;
    private boolean recordsCleaned;
    private Asking asking = Asking.IDLE;
    private int startNextFailures;

    Intake(
            AgentSettings settings,
            AgentLoop loop,
            JobsPort port,
            Requests requests,
            CheckpointWriter writer,
            Coordinator coordinator) {
        this.settings = settings;
        this.loop = loop;
        this.port = port;
        this.requests = requests;
        this.writer = writer;
        this.coordinator = coordinator;
        this.streamRetry = loop.timer();
        this.startNextRetry = loop.timer();
        this.idlePoll = loop.timer();
    }

    /** Subscribes the streams and listens for reconnects. */
    void start() {
        port.onReconnect(() -> loop.post(this::resync));
        openStreams();
    }

    /** Unsubscribes and stops every timer. */
    void stop() {
        streamRetry.cancel();
        startNextRetry.cancel();
        idlePoll.cancel();
        closeStreams();
    }

    private void openStreams() {
        if (coordinator.closing()) {
            return;
        }
        int mine = ++generation;
        streamLost = false;
        streams = port.openStreams(settings.thingName(), new JobsPort.StreamListener() {
            @Override
            public void onNext(NextJobExecutionChangedEvent event) {
                loop.post(() -> onNextEvent(mine, event));
            }

            @Override
            public void onChanged(JobExecutionsChangedEvent event) {
                loop.post(() -> onNotifyEvent(mine, event));
            }

            @Override
            public void onStatus(JobsPort.StreamStatus status, Throwable error) {
                loop.post(() -> onStreamStatus(mine, status, error));
            }
        });
        streams.opened().whenComplete((ok, error) -> loop.post(() -> onStreamsOpened(mine, error)));
    }

    private boolean current(int streamGeneration) {
        return !coordinator.closing() && streamGeneration == generation;
    }

    private void onStreamsOpened(int streamGeneration, Throwable error) {
        Throwable cause = error == null ? null : Failure.unwrap(error);
        if (cause != null) {
            coordinator.startFailed(cause);
        }
        if (!current(streamGeneration)) {
            return;
        }
        if (cause == null) {
            streamFailures = 0;
            coordinator.listening();
            LOG.debug("{}: listening for jobs", settings.thingName());
        } else {
            LOG.warn("{}: cannot subscribe to the job notifications: {}", settings.thingName(), cause.toString());
            loop.tell(l -> l.onError("cannot subscribe to the job notifications", cause));
            reopenStreamsLater(cause);
        }
        cleanRecordsOnce();
        kick();
    }

    private void reopenStreamsLater(Throwable cause) {
        closeStreams();
        generation++;
        Duration delay = settings.backoff().delay(++streamFailures);
        LOG.debug("{}: subscribing again in {} ({})", settings.thingName(), delay, cause.toString());
        streamRetry.start(delay, this::openStreams);
    }

    private void closeStreams() {
        if (streams != null) {
            streams.close();
            streams = null;
        }
    }

    private void onStreamStatus(int streamGeneration, JobsPort.StreamStatus status, Throwable error) {
        if (!current(streamGeneration)) {
            return;
        }
        switch (status) {
            case HALTED: {
                Throwable cause = error != null ? error : new IllegalStateException("subscription halted");
                if (cause instanceof JobsClientClosedException) {
                    return;
                }
                loop.tell(l -> l.onError("a job notification subscription was halted", cause));
                reopenStreamsLater(cause);
                return;
            }
            case LOST:
                LOG.debug(
                        "{}: job notifications lost with the session; they resume after the reconnect",
                        settings.thingName());
                streamLost = true;
                return;
            default:
                if (streamLost) {
                    streamLost = false;
                    resync();
                }
        }
    }

    private void onNextEvent(int streamGeneration, NextJobExecutionChangedEvent event) {
        if (!current(streamGeneration) || !coordinator.started()) {
            return;
        }
        JobRun run = coordinator.current();
        if (run == null) {
            if (event.execution().isPresent()) {
                kick();
            }
        } else if (Decisions.nextEventHintsEnd(event, run.key)) {
            coordinator.verify(run);
        }
    }

    private void onNotifyEvent(int streamGeneration, JobExecutionsChangedEvent event) {
        if (!current(streamGeneration) || !coordinator.started()) {
            return;
        }
        JobRun run = coordinator.current();
        if (run == null) {
            if (Decisions.notifyEventAnnouncesWork(event)) {
                kick();
            }
        } else if (Decisions.notifyEventHintsEnd(event, run.key)) {
            coordinator.verify(run);
        }
    }

    /** After a reconnect: look for work, or check that the current job still stands. */
    void resync() {
        if (coordinator.closing() || !coordinator.started()) {
            return;
        }
        JobRun run = coordinator.current();
        if (run == null) {
            kick();
        } else {
            coordinator.verify(run);
        }
    }

    /** Asks for the next job unless one is being worked on (then the end of that job asks). */
    void kick() {
        if (coordinator.closing() || !coordinator.started() || coordinator.current() != null) {
            return;
        }
        if (asking != Asking.IDLE) {
            asking = Asking.ASKING_AGAIN;
            return;
        }
        startNextRetry.cancel();
        idlePoll.cancel();
        asking = Asking.ASKING;
        requests.startNext(this::onStartNextReply);
    }

    private void onStartNextReply(StartNextJobExecutionResponse reply, Throwable error) {
        boolean again = asking == Asking.ASKING_AGAIN;
        asking = Asking.IDLE;
        if (coordinator.closing()) {
            return;
        }
        if (error != null) {
            Failure failure = Failure.of(error);
            if (!failure.closed()) {
                requests.retryLater(startNextRetry, ++startNextFailures, Requests.START_NEXT, "", failure, this::kick);
            }
            return;
        }
        startNextFailures = 0;
        if (reply.execution().isPresent()) {
            coordinator.begin(reply.execution().get());
        } else if (again) {
            kick();
        } else {
            scheduleIdlePoll();
        }
    }

    /** Asks again after the idle interval (unless polling is off). */
    void scheduleIdlePoll() {
        idlePoll.cancel();
        if (settings.idlePollInterval() != null && !coordinator.closing()) {
            idlePoll.start(settings.idlePollInterval(), this::kick);
        }
    }

    /** Deletes the records of executions that are no longer pending (once, at start). */
    private void cleanRecordsOnce() {
        if (recordsCleaned) {
            return;
        }
        recordsCleaned = true;
        writer.list()
                .whenComplete((records, error) -> loop.post(() -> {
                    if (error != null) {
                        coordinator.storeFailed("cannot list checkpoints", Failure.unwrap(error));
                    } else if (!records.isEmpty()) {
                        requests.getPending((reply, failure) -> {
                            if (failure != null) {
                                LOG.debug(
                                        "{}: cannot list pending executions to clean checkpoints: {}",
                                        settings.thingName(),
                                        failure.toString());
                                return;
                            }
                            Set<ExecutionKey> pending = new HashSet<>();
                            List<JobExecutionSummary> all = new ArrayList<>(reply.inProgressJobs());
                            all.addAll(reply.queuedJobs());
                            all.forEach(summary -> pending.add(ExecutionKey.of(summary)));
                            List<ExecutionKey> stored =
                                    records.stream().map(Intake::keyOf).toList();
                            JobRun run = coordinator.current();
                            for (ExecutionKey stale :
                                    Decisions.staleRecords(stored, pending, run == null ? null : run.key)) {
                                LOG.info(
                                        "{}: deleting the checkpoint of {}, no longer pending",
                                        settings.thingName(),
                                        stale);
                                writer.delete(stale);
                            }
                        });
                    }
                }));
    }

    private static ExecutionKey keyOf(Checkpoint record) {
        return new ExecutionKey(record.jobId(), record.executionNumber());
    }
}
