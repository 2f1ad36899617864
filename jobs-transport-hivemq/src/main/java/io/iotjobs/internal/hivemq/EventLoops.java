package io.iotjobs.internal.hivemq;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops of every HiveMQ client the SDK builds: one group of daemon threads (one per core), shared
 * by those clients and shut down when the last of them is closed, so that closing the SDK's connections leaves no
 * I/O thread behind.
 *
 * <p>The HiveMQ client's own default is a group of non-daemon threads shared by every HiveMQ client in the JVM,
 * the user's included, which ends some time after the last client disconnects. A group passed to the client as
 * its Netty executor is used as it is and never shut down by the client: here the SDK shuts it down itself.
 */
final class EventLoops {

    private static final long QUIET_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;
    private static final Object LOCK = new Object();
    private static EventLoopGroup group; // guarded by LOCK
    private static int holders; // guarded by LOCK

    private EventLoops() {}

    /**
     * Takes a share of the group, creating it if there is none. Its threads start when a client first uses them.
     *
     * @return the group; give it back with {@link #release}
     */
    static EventLoopGroup acquire() {
        synchronized (LOCK) {
            if (group == null) {
                group = new NioEventLoopGroup(
                        Math.max(1, Runtime.getRuntime().availableProcessors()),
                        new DefaultThreadFactory("iotjobs-hivemq", true));
            }
            holders++;
            return group;
        }
    }

    /**
     * Gives a share back; the last one shuts the group down and, unless called on one of its threads, waits until
     * its threads have ended.
     *
     * @param released the group {@link #acquire()} returned
     */
    static void release(EventLoopGroup released) {
        synchronized (LOCK) {
            if (released != group || --holders > 0) {
                return;
            }
            group = null;
        }
        released.shutdownGracefully(QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!isOwnThread(released)) {
            released.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS * 2);
        }
    }

    /**
     * Runs an action after the task the current thread is running, when that thread is one of the group's;
     * otherwise at once. The HiveMQ client tells its listeners of a lost connection before it has finished
     * tearing the connection down: an action run afterwards finds the client ready to connect again.
     *
     * @param loops the group
     * @param action the action
     */
    static void afterCurrentTask(EventLoopGroup loops, Runnable action) {
        for (EventExecutor executor : loops) {
            if (executor.inEventLoop()) {
                executor.execute(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Whether the current thread is one of the group's.
     *
     * @param loops the group
     * @return true on one of its threads
     */
    static boolean isOwnThread(EventLoopGroup loops) {
        for (EventExecutor executor : loops) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
