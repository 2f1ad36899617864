package io.iotjobs.internal.agent.devclient;

import java.util.List;
import java.util.Objects;

/**
 * A job document of the AWS IoT Device Client, in either of its schemas, as the agent runs it: the steps in
 * order, the final step, and whether standard output goes into the report. Facts from the Device Client's
 * {@code source/jobs/README.md} (https://github.com/awslabs/aws-iot-device-client/blob/main/source/jobs/README.md).
 *
 * @param schema which schema the document was written in
 * @param steps the steps, run in order (at least one)
 * @param finalStep the step run after all steps succeeded, or {@code null}
 * @param includeStdOut whether the tail of standard output is reported
 */
public record DcDocument(Schema schema, List<Step> steps, Step finalStep, boolean includeStdOut) {

    /** The two schemas. */
    public enum Schema {
        /** {@code "version": "1.0"} with {@code steps} of actions (the "standard job action document"). */
        STEPS,
        /** The older {@code operation} / {@code args} / {@code path} / {@code allowStdErr} document (one step). */
        OPERATION
    }

    /** What a step does. */
    public enum Type {
        /** Runs a handler from a handler directory ({@code runHandler}). */
        RUN_HANDLER,
        /** Runs a command given as an argument vector ({@code runCommand}). */
        RUN_COMMAND
    }

    /**
     * One step.
     *
     * @param name the step's name
     * @param type what it runs
     * @param handler with RUN_HANDLER: the handler's file name
     * @param path with RUN_HANDLER: the directory the document asks for, or {@code null} for the default
     * @param arguments with RUN_HANDLER: the handler's arguments; with RUN_COMMAND: the whole command, program first
     * @param runAsUser the user the step asks to run as, or {@code null}
     * @param ignoreStepFailure whether a failure of this step lets the job go on
     * @param allowStdErr old schema only: how many lines on standard error still count as success, or
     *     {@code null} when any number does (the steps schema judges by the exit status alone)
     */
    public record Step(
            String name,
            Type type,
            String handler,
            String path,
            List<String> arguments,
            String runAsUser,
            boolean ignoreStepFailure,
            Integer allowStdErr) {

        /**
         * Checks the parts.
         *
         * @param name the name
         * @param type the type
         * @param handler the handler
         * @param path the path
         * @param arguments the arguments
         * @param runAsUser the user
         * @param ignoreStepFailure whether failures are ignored
         * @param allowStdErr the allowed standard-error lines
         */
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * Checks the parts.
     *
     * @param schema the schema
     * @param steps the steps
     * @param finalStep the final step
     * @param includeStdOut whether standard output is reported
     */
    public DcDocument {
        Objects.requireNonNull(schema, "schema");
        steps = List.copyOf(steps);
    }

    /**
     * Every step in the order it may run: the steps, then the final step.
     *
     * @return the steps
     */
    public List<Step> allSteps() {
        if (finalStep == null) {
            return steps;
        }
        List<Step> all = new java.util.ArrayList<>(steps);
        all.add(finalStep);
        return List.copyOf(all);
    }
}
