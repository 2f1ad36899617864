package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
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
                return new SampleTarget(local, local.connectDevice(options.clientId()));
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
            throw new SampleFailure("cannot connect to " + options.describe() + ": " + e.getCause().getMessage(), e);
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
