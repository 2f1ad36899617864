package io.iotjobs.samples;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The job logic of the samples' pretend device, chosen by the job document's {@code operation} field:
 * <ul>
 *   <li>{@code firmware_update} with {@code firmware_url} and {@code version}: "installs" the firmware;</li>
 *   <li>{@code config_update} with a {@code config} object: "applies" the configuration;</li>
 *   <li>{@code factory_reset}: refused by device rule (REJECTED: never over the air);</li>
 *   <li>anything else, or a missing field: FAILED, with the reason in the status details.</li>
 * </ul>
 * The work is simulated by waiting ({@code workTime} for a firmware update, half of it for a configuration).
 * Thread-safe.
 */
public final class SimulatedDevice implements JobHandler {

    /** The operation a device refuses by rule in the samples. */
    public static final String FACTORY_RESET = "factory_reset";

    private final Duration workTime;
    private volatile String firmwareVersion = "1.0.0";
    private volatile Map<String, Object> configuration = Map.of();

    /**
     * A device whose jobs take the given time.
     *
     * @param workTime how long a firmware update takes (zero in tests)
     */
    public SimulatedDevice(Duration workTime) {
        if (workTime.isNegative()) {
            throw new IllegalArgumentException("workTime: must not be negative, got " + workTime);
        }
        this.workTime = workTime;
    }

    @Override
    public JobOutcome process(JobExecutionData job) {
        JobDocument document = job.jobDocument().orElse(JobDocument.empty());
        String operation = document.getString("operation").orElse("");
        switch (operation) {
            case "firmware_update":
                return updateFirmware(document);
            case "config_update":
                return updateConfiguration(document);
            case FACTORY_RESET:
                return JobOutcome.rejected("factory_reset is refused by device rule: not over the air");
            default:
                return JobOutcome.failed(
                        operation.isEmpty()
                                ? "the job document has no \"operation\" field"
                                : "unknown operation \"" + operation + "\"");
        }
    }

    /**
     * The firmware version installed by the last successful firmware update.
     *
     * @return the version
     */
    public String firmwareVersion() {
        return firmwareVersion;
    }

    /**
     * The configuration applied by the last successful configuration update.
     *
     * @return the configuration
     */
    public Map<String, Object> configuration() {
        return configuration;
    }

    private JobOutcome updateFirmware(JobDocument document) {
        Optional<String> url = document.getString("firmware_url");
        Optional<String> version = document.getString("version");
        if (url.isEmpty() || version.isEmpty()) {
            return JobOutcome.failed("firmware_update needs \"firmware_url\" and \"version\"");
        }
        if (!url.get().startsWith("https://")) {
            return JobOutcome.failed("firmware_url must be an https:// URL");
        }
        if (!work(workTime)) {
            return JobOutcome.failed("interrupted while installing firmware " + version.get());
        }
        String previous = firmwareVersion;
        firmwareVersion = version.get();
        return new JobOutcome(
                JobStatus.SUCCEEDED,
                Map.of("result", "firmware " + version.get() + " installed", "previousVersion", previous));
    }

    private JobOutcome updateConfiguration(JobDocument document) {
        Optional<Object> config = document.get("config");
        if (config.isEmpty() || !(config.get() instanceof Map) || ((Map<?, ?>) config.get()).isEmpty()) {
            // an empty one too: there would be nothing to apply, and no key to report
            return JobOutcome.failed("config_update needs a \"config\" object with at least one setting");
        }
        Map<String, Object> settings = new TreeMap<>();
        ((Map<?, ?>) config.get()).forEach((key, value) -> settings.put(String.valueOf(key), value));
        if (!work(workTime.dividedBy(2))) {
            return JobOutcome.failed("interrupted while applying the configuration");
        }
        configuration = Map.copyOf(settings);
        return new JobOutcome(
                JobStatus.SUCCEEDED,
                Map.of("result", "configuration applied", "keys", String.join(",", settings.keySet())));
    }

    /** Stands in for real work (a download, a flash write). */
    private static boolean work(Duration time) {
        if (time.isZero()) {
            return true;
        }
        try {
            Thread.sleep(time.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
