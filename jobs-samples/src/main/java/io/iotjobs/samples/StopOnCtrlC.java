package io.iotjobs.samples;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a command on Ctrl-C, or after {@code --duration}. On Ctrl-C the JVM waits (up to 10 s) until the
 * command has closed its clients and connections, so a device disconnects cleanly.
 */
final class StopOnCtrlC implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    private StopOnCtrlC(StopSignal stop) {
        hook = new Thread(
                () -> {
                    stop.stop();
                    try {
                        cleanedUp.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "samples-ctrl-c");
    }

    /**
     * Installs the Ctrl-C hook and the time limit.
     *
     * @param stop the signal to stop
     * @param duration stop after this long, or {@code null} for no limit
     * @return the installed hook; close it when the command has cleaned up
     */
    static StopOnCtrlC install(StopSignal stop, Duration duration) {
        StopOnCtrlC installed = new StopOnCtrlC(stop);
        Runtime.getRuntime().addShutdownHook(installed.hook);
        if (duration != null) {
            CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(stop::stop);
        }
        return installed;
    }

    /** The command has cleaned up: lets a pending Ctrl-C finish, and removes the hook. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and now returns
        }
    }
}
