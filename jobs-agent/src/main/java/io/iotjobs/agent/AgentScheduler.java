package io.iotjobs.agent;

import io.iotjobs.core.JobsTimer;

/**
 * The agent's clock and timer. Every timing decision of the agent goes through it: the heartbeat that keeps
 * the step timer alive, the handler's time limit, the backoff between retries, the request deadlines, the
 * progress throttle, the idle poll and the stuck-handler warning.
 *
 * <p>By default the agent uses the system clock and a daemon timer thread of its own. Tests pass a manual
 * implementation (for example one driven by the testkit's {@code TestClock}, which the local Jobs service reads
 * too) so that hours of job time pass without sleeping.
 *
 * <p>It is the core's {@link JobsTimer}: the V2 client the agent makes for itself measures its request deadlines
 * on the same scheduler, so one time source rules the agent and its requests.
 *
 * <p><b>Contract.</b> Implementations are thread-safe. {@link #schedule} never runs the task on the calling
 * thread before returning; tasks run on a thread of the scheduler's choosing (the agent only hands them to its
 * own thread, so they are short and never block).
 */
public interface AgentScheduler extends JobsTimer {}
