package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * What a command runs against: the device's connection, plus the in-process broker and Jobs service when
 * neither {@code --endpoint} nor {@code --broker} was given. Closing it closes all of them.
 */
final class SampleTarget implements AutoCloseable {

    private final LocalJobs local;
    private final MqttConnection device;

    private SampleTarget(LocalJobs local, MqttConnection device) {
        this.local = local;
        this.device = device;
    }

    /** What a command does on its target until the stop signal. */
    interface Body {
        /**
         * Runs the command's work.
         *
         * @param target the open target
         * @param stop signalled by Ctrl-C or {@code --duration} (and by the body itself when it is done)
         * @throws Exception to end the command with it
         */
        void run(SampleTarget target, StopSignal stop) throws Exception;
    }

    /**
     * What every long-running command does: validates the options, installs Ctrl-C and {@code duration} on a
     * stop signal, opens the target, runs the body on it, and closes the target afterwards.
     *
     * @param options the connection options, not validated yet
     * @param duration how long to run, or {@code null} for until Ctrl-C (or the body stops)
     * @param body the command's work
     * @throws Exception what the body threw
     */
    static void runUntilStopped(ConnectionOptions options, Duration duration, Body body) throws Exception {
        options.validate();
        StopSignal stop = new StopSignal();
        StopOnCtrlC ctrlC = StopOnCtrlC.install(stop, duration);
        try (SampleTarget target = open(options)) {
            body.run(target, stop);
        } finally {
            ctrlC.close();
        }
    }

    /**
     * Connects as the options say, blocking until connected.
     *
     * @param options validated options
     * @return the target
     * @throws SampleFailure if the connection fails (the message says why)
     */
    static SampleTarget open(ConnectionOptions options) {
        if (options.mode() == ConnectionOptions.Mode.IN_PROCESS) {
            LocalJobs local = LocalJobs.start();
            try {
                return new SampleTarget(local, local.connectDevice(options.clientId(), options.transport()));
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
        }
        MqttConnection connection = options.buildConnection();
        try {
            connection.connect().join();
            return new SampleTarget(null, connection);
        } catch (CompletionException e) {
            connection.close();
            throw new SampleFailure(
                    "cannot connect to " + options.describe() + ": "
                            + e.getCause().getMessage(),
                    e);
        }
    }

    /**
     * The in-process broker and service.
     *
     * @return present only in in-process mode
     */
    Optional<LocalJobs> local() {
        return Optional.ofNullable(local);
    }

    /**
     * The device's connected connection.
     *
     * @return the connection
     */
    MqttConnection device() {
        return device;
    }

    @Override
    public void close() {
        try {
            device.close();
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
