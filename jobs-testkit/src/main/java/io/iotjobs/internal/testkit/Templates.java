package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job templates of the local service, and making a job's spec from one: the template's document with its
 * {@code ${aws:iot:parameter:<name>}} placeholders replaced, and the template's configurations where the job sets
 * none (https://docs.aws.amazon.com/iot/latest/developerguide/job-templates.html).
 *
 * <p>A difference from AWS, which takes document parameters only for its managed templates
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_CreateJob.html): here any template's placeholders are
 * filled, so that device code for parameterised documents can be tested. Every placeholder must have a value and
 * every value a placeholder.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{aws:iot:parameter:([^}]*)}");
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    /** A stored template and when it was created. */
    public record Entry(JobTemplate template, Instant createdAt) {}

    private final ConcurrentMap<String, Entry> templates = new ConcurrentHashMap<>();
    private final SpecChecks checks;
    private final ServiceState state;

    Templates(SpecChecks checks, ServiceState state) {
        this.checks = checks;
        this.state = state;
    }

    /**
     * Stores a template.
     *
     * @param template the template
     * @return the stored entry
     * @throws IllegalArgumentException if a field is malformed or the id is used
     *     ({@link ControlError#ALREADY_EXISTS})
     */
    public Entry create(JobTemplate template) {
        Validation.jobId("jobTemplateId", template.jobTemplateId(), false);
        JobSpec.Builder asSpec = JobSpec.builder(template.jobTemplateId()).document(template.document());
        template.description().ifPresent(asSpec::description);
        template.inProgressTimeout().ifPresent(asSpec::inProgressTimeout);
        template.retryConfig().ifPresent(asSpec::retryConfig);
        template.abortConfig().ifPresent(asSpec::abortConfig);
        template.rolloutConfig().ifPresent(asSpec::rolloutConfig);
        template.presignedUrlConfig().ifPresent(asSpec::presignedUrlConfig);
        checks.checkConfigs(asSpec.build());
        Entry entry = new Entry(template, ExecutionRecord.seconds(state.now()));
        if (templates.putIfAbsent(template.jobTemplateId(), entry) != null) {
            throw ControlError.ALREADY_EXISTS.exception(
                    "jobTemplateId: a job template named " + template.jobTemplateId() + " already exists");
        }
        return entry;
    }

    /**
     * A template.
     *
     * @param id the id
     * @return the entry, or empty
     */
    public Optional<Entry> describe(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    /**
     * Deletes a template; jobs made from it keep what they took.
     *
     * @param id the id
     * @throws IllegalArgumentException if there is none ({@link ControlError#NOT_FOUND})
     */
    public void delete(String id) {
        if (templates.remove(id) == null) {
            throw ControlError.NOT_FOUND.exception("jobTemplateId: no job template named " + id);
        }
    }

    /**
     * Every template, oldest first.
     *
     * @return the entries
     */
    public List<Entry> list() {
        List<Entry> all = new ArrayList<>(templates.values());
        all.sort(Comparator.comparing(Entry::createdAt)
                .thenComparing(e -> e.template().jobTemplateId()));
        return all;
    }

    /**
     * The spec of a job made from its template (a spec without one is returned as it is).
     *
     * @param spec the job as asked for
     * @return the job with the template's document and configurations
     * @throws IllegalArgumentException if the template does not exist ({@link ControlError#NOT_FOUND}), the job
     *     also gives a document, or a placeholder has no value or a value no placeholder
     */
    JobSpec resolve(JobSpec spec) {
        if (spec.jobTemplate().isEmpty()) {
            if (spec.documentParameters().isPresent()) {
                throw new IllegalArgumentException("documentParameters: only for jobs created from a job template");
            }
            return spec;
        }
        String id = spec.jobTemplate().get();
        JobTemplate template = describe(id)
                .orElseThrow(() -> ControlError.NOT_FOUND.exception("jobTemplateArn: no job template named " + id))
                .template();
        if (!spec.document().equals(JobDocument.empty())) {
            throw new IllegalArgumentException(
                    "document: a job created from job template " + id + " takes the template's document");
        }
        JobSpec.Builder b = spec.toBuilder()
                .document(substitute(
                        template.document(), spec.documentParameters().orElse(Map.of())));
        if (spec.description().isEmpty()) {
            template.description().ifPresent(b::description);
        }
        if (spec.inProgressTimeout().isEmpty()) {
            template.inProgressTimeout().ifPresent(b::inProgressTimeout);
        }
        if (spec.retryConfig().isEmpty()) {
            template.retryConfig().ifPresent(b::retryConfig);
        }
        if (spec.abortConfig().isEmpty()) {
            template.abortConfig().ifPresent(b::abortConfig);
        }
        if (spec.rolloutConfig().isEmpty()) {
            template.rolloutConfig().ifPresent(b::rolloutConfig);
        }
        if (spec.presignedUrlConfig().isEmpty()) {
            template.presignedUrlConfig().ifPresent(b::presignedUrlConfig);
        }
        return b.build();
    }

    private static JobDocument substitute(JobDocument document, Map<String, String> parameters) {
        parameters.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "documentParameters: key must be 1-128 characters of" + " [a-zA-Z0-9_-], got \"" + key + "\"");
            }
            if (value.isEmpty() || value.length() > 512 || value.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "documentParameters." + key + ": must be 1-512 characters" + " without control characters");
            }
        });
        String json = document.toJson();
        Matcher m = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        Set<String> used = new HashSet<>();
        while (m.find()) {
            String name = m.group(1);
            String value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException("documentParameters: the template's document has the placeholder"
                        + " ${aws:iot:parameter:" + name + "}, but no parameter " + name + " is given");
            }
            used.add(name);
            // the placeholder sits inside a JSON string: the value goes in escaped, without quotes
            String escaped = JobDocument.of(Map.of("v", value)).toJson();
            escaped = escaped.substring(escaped.indexOf(':') + 2, escaped.length() - 2);
            m.appendReplacement(out, Matcher.quoteReplacement(escaped));
        }
        m.appendTail(out);
        for (String key : parameters.keySet()) {
            if (!used.contains(key)) {
                throw new IllegalArgumentException("documentParameters." + key + ": the template's document has no"
                        + " placeholder ${aws:iot:parameter:" + key + "}");
            }
        }
        return JobDocument.parse(out.toString());
    }
}
