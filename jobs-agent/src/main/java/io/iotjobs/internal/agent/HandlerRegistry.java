package io.iotjobs.internal.agent;

import io.iotjobs.agent.JobHandler;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of an agent, tried in registration order; the first whose matcher accepts the job document
 * runs the job, otherwise the default handler (which rejects the job unless replaced).
 */
public final class HandlerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

    /**
     * One registration.
     *
     * @param description how it matches, for logs ({@code operation=reboot}, {@code predicate #2}, {@code default})
     * @param matcher which documents it takes
     * @param handler the handler
     * @param timeLimit its own time limit, or {@code null} for the agent's
     */
    public record Registration(
            String description, Predicate<JobDocument> matcher, JobHandler handler, Duration timeLimit) {}

    private final List<Registration> registrations = new ArrayList<>();
    private final Set<String> fields = new LinkedHashSet<>();
    private Registration fallback;

    /**
     * Registers a handler for documents whose top-level string field has a value.
     *
     * @param field the field, e.g. {@code operation}
     * @param value the value, e.g. {@code reboot}
     * @param handler the handler
     * @param timeLimit its own time limit, or {@code null}
     */
    public void byField(String field, String value, JobHandler handler, Duration timeLimit) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("field: must not be empty");
        }
        fields.add(field);
        add(new Registration(
                field + "=" + value,
                document -> document.getString(field).map(value::equals).orElse(false),
                Objects.requireNonNull(handler, "handler"),
                timeLimit));
    }

    /**
     * Registers a handler for documents a predicate accepts.
     *
     * @param matcher the predicate
     * @param handler the handler
     * @param timeLimit its own time limit, or {@code null}
     */
    public void byPredicate(Predicate<JobDocument> matcher, JobHandler handler, Duration timeLimit) {
        add(new Registration(
                "predicate #" + (registrations.size() + 1),
                Objects.requireNonNull(matcher, "matcher"),
                Objects.requireNonNull(handler, "handler"),
                timeLimit));
    }

    /**
     * Registers a handler for documents a predicate accepts, under a name of its own (for logs).
     *
     * @param description how it matches
     * @param matcher the predicate
     * @param handler the handler
     * @param timeLimit its own time limit, or {@code null}
     */
    public void named(String description, Predicate<JobDocument> matcher, JobHandler handler, Duration timeLimit) {
        add(new Registration(
                Objects.requireNonNull(description, "description"),
                Objects.requireNonNull(matcher, "matcher"),
                Objects.requireNonNull(handler, "handler"),
                timeLimit));
    }

    /**
     * Sets the handler of documents no registration matches.
     *
     * @param handler the handler
     * @param timeLimit its own time limit, or {@code null}
     */
    public void fallback(JobHandler handler, Duration timeLimit) {
        this.fallback =
                new Registration("default", document -> true, Objects.requireNonNull(handler, "handler"), timeLimit);
    }

    private void add(Registration registration) {
        registrations.add(registration);
    }

    /**
     * The registration for a document.
     *
     * @param document the job document
     * @return the first matching registration, or the default
     */
    public Registration match(JobDocument document) {
        for (Registration registration : registrations) {
            try {
                if (registration.matcher().test(document)) {
                    return registration;
                }
            } catch (RuntimeException e) {
                LOG.warn("the matcher of handler {} threw; trying the next one", registration.description(), e);
            }
        }
        return fallback != null
                ? fallback
                : new Registration(
                        "default",
                        document1 -> true,
                        context -> JobResult.rejected(noHandlerReason(context.document())),
                        null);
    }

    /**
     * A copy, so that a builder used again does not change an agent already built.
     *
     * @return a registry with the same registrations
     */
    public HandlerRegistry copy() {
        HandlerRegistry copy = new HandlerRegistry();
        copy.registrations.addAll(registrations);
        copy.fields.addAll(fields);
        copy.fallback = fallback;
        return copy;
    }

    /**
     * The number of registrations, the default not counted.
     *
     * @return the count
     */
    public int size() {
        return registrations.size();
    }

    /**
     * The reason of the built-in default handler: which values of the registered fields the document has.
     *
     * @param document the document
     * @return e.g. {@code no handler for this job (operation="format-disk")}
     */
    String noHandlerReason(JobDocument document) {
        StringBuilder shown = new StringBuilder();
        for (String field : fields) {
            shown.append(shown.length() == 0 ? " (" : ", ")
                    .append(field)
                    .append('=')
                    .append(document.get(field)
                            .map(value -> value instanceof String ? "\"" + value + "\"" : String.valueOf(value))
                            .orElse("absent"));
        }
        if (shown.length() > 0) {
            shown.append(')');
        }
        return "no handler for this job" + shown;
    }
}
