package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.AgentScheduler;
import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Everything an agent was built with (checked by the public builder).
 *
 * @param thingName the thing
 * @param client the V2 client
 * @param ownsClient whether the agent created the client (and closes it)
 * @param connection the connection, for reconnect events, or {@code null}
 * @param handlers the handlers
 * @param store the checkpoint store
 * @param scheduler the clock and timer
 * @param ownsScheduler whether the agent created the scheduler (and closes it)
 * @param handlerExecutor where handlers run, or {@code null} for a new thread per job
 * @param listener the observer
 * @param limits the status-details limits
 * @param stepTimeoutMinutes the step timeout in minutes, or 0 for none
 * @param heartbeatInterval the heartbeat interval, or {@code null} for none
 * @param handlerTimeLimit the default time limit of handlers
 * @param progressInterval the least time between two progress updates
 * @param requestTimeout the deadline of each request
 * @param backoff the retry backoff
 * @param cancelGrace how long a handler may take to stop before the agent warns
 * @param idlePollInterval how often an idle agent asks for the next job, or {@code null} for never
 * @param maxStarts how many times an execution may be started before the agent fails it
 */
public record AgentSettings(
        String thingName,
        IotJobsClientV2 client,
        boolean ownsClient,
        MqttConnection connection,
        HandlerRegistry handlers,
        CheckpointStore store,
        AgentScheduler scheduler,
        boolean ownsScheduler,
        Executor handlerExecutor,
        AgentListener listener,
        JobsLimits limits,
        long stepTimeoutMinutes,
        Duration heartbeatInterval,
        Duration handlerTimeLimit,
        Duration progressInterval,
        Duration requestTimeout,
        Backoff backoff,
        Duration cancelGrace,
        Duration idlePollInterval,
        int maxStarts) {}
