package io.iotjobs.internal.protocol;

import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What makes two job events "the same" for de-duplication: the same delivery repeated (a QoS 1 redelivery
 * after a reconnect, a persistent session replaying, the service sending twice, or a resync fetching what a
 * live event already said). Timestamps and job documents are left out: a redelivered event may carry a new
 * timestamp and freshly pre-signed URLs in its document.
 */
final class EventKeys {
    private EventKeys() {}

    /**
     * The key of a notify-next event: the head's job id, execution number, version and status, or "none".
     *
     * @param event the event
     * @return the key
     */
    static Object next(NextJobExecutionChangedEvent event) {
        return event.execution().map(EventKeys::execution).orElse("none");
    }

    private static String execution(JobExecutionData e) {
        return e.jobId() + "#" + e.executionNumber() + "@" + e.versionNumber() + ":"
                + e.rawStatus().orElse("");
    }

    /**
     * The key of a notify event: the pending set, as status → [job id, execution number, version].
     *
     * @param event the event
     * @return the key
     */
    static Object snapshot(JobExecutionsChangedEvent event) {
        Map<JobStatus, List<String>> key = new TreeMap<>();
        event.jobs().forEach((status, list) -> {
            if (!list.isEmpty()) {
                key.put(status, list.stream().map(EventKeys::summary).collect(Collectors.toList()));
            }
        });
        return key;
    }

    private static String summary(JobExecutionSummary s) {
        return s.jobId() + "#" + s.executionNumber() + "@" + s.versionNumber();
    }
}
