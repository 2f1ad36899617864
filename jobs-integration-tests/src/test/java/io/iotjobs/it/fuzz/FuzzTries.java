package io.iotjobs.it.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the number of tries of every property of a class from the system property {@value #PROPERTY}
 * (default {@value #DEFAULT}), so that CI runs the default and a long run is one flag away:
 * {@code mvn verify -pl jobs-integration-tests -Diotjobs.fuzz.tries=1000000}.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** The system property that sets the tries. */
    public static final String PROPERTY = "iotjobs.fuzz.tries";
    /** Tries per property when the system property is not set. */
    public static final int DEFAULT = 10_000;

    /**
     * The tries to run.
     *
     * @return the system property's value, or {@value #DEFAULT}
     * @throws IllegalArgumentException if the system property is not a positive integer
     */
    public static int tries() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            return DEFAULT;
        }
        int tries;
        try {
            tries = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": must be a positive integer, got \"" + value + "\"", e);
        }
        if (tries < 1) {
            throw new IllegalArgumentException(PROPERTY + ": must be a positive integer, got " + tries);
        }
        return tries;
    }

    /**
     * Sets the tries, then runs the property.
     *
     * @param context the property's context
     * @param property runs the property
     * @return the property's result
     */
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
