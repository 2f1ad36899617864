package io.iotjobs.core;

/**
 * What an {@link MqttConnection} does with a publish made while it is disconnected and its offline queue is full
 * (see {@link MqttConnectionBuilder#offlineQueue(int, OfflineQueuePolicy)}). The publish that gives way fails with
 * a {@link JobsTransportException} whose message says the offline queue is full; it was never sent
 * ({@link JobsTransportException#isOutcomeUnknown()} is false).
 */
public enum OfflineQueuePolicy {
    /** The new publish fails at once; the queued ones keep their places (the default). */
    FAIL_NEWEST,
    /** The oldest queued publish fails and the new one joins the end of the queue. */
    FAIL_OLDEST
}
