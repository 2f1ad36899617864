package io.iotjobs.internal.agent.devclient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of the Device Client handler.
 *
 * @param guard the security rules
 * @param runner starts the steps' programs
 * @param environment variables added to every step's environment
 * @param workDirectory where each execution gets a working directory of its own
 * @param stepTimeLimit how long one step may run
 */
public record DcSettings(
        StepGuard guard,
        ProcessRunner runner,
        Map<String, String> environment,
        Path workDirectory,
        Duration stepTimeLimit) {

    /**
     * Copies the environment.
     *
     * @param guard the guard
     * @param runner the runner
     * @param environment the environment
     * @param workDirectory the work directory
     * @param stepTimeLimit the step time limit
     */
    public DcSettings {
        environment = Map.copyOf(environment);
    }
}
