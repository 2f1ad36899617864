package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.await;
import static io.iotjobs.it.reliability.Scenarios.recording;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEventType;

/**
 * A device under test: one connection with a V1 and a V2 client on it, each following the thing's notify and
 * notify-next events (V2 through streams, V1 through event subscriptions), everything recorded as readable
 * text ({@link Scenarios#pending}, {@link Scenarios#next}).
 */
final class Device implements AutoCloseable {
    final String thing;
    final MqttConnection connection;
    final IotJobsClient v1;
    final IotJobsClientV2 v2;
    /** "connected(..)", "interrupted", "resumed(..)", ... */
    final Recorder<String> connectionEvents = new Recorder<>();

    final Recorder<String> v2Notify = new Recorder<>();
    final Recorder<String> v2Next = new Recorder<>();
    final Recorder<SubscriptionStatusEventType> v2NotifyStatus = new Recorder<>();
    final Recorder<SubscriptionStatusEventType> v2NextStatus = new Recorder<>();
    final Recorder<String> v1Notify = new Recorder<>();
    final Recorder<String> v1Next = new Recorder<>();
    private StreamingOperation notifyStream;
    private StreamingOperation nextStream;

    Device(String thing, MqttConnectionBuilder builder) {
        this.thing = thing;
        this.connection = builder.listener(recording(connectionEvents)).build();
        this.v1 = new IotJobsClient(connection);
        this.v2 = new IotJobsClientV2(connection);
    }

    /** Connects and returns the session-present flag. */
    boolean connect() throws Exception {
        return await(connection.connect());
    }

    /** Opens both V2 streams (resync as given) and both V1 event subscriptions, waiting for every SUBACK. */
    Device follow(boolean resync) throws Exception {
        notifyStream = v2.createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                ServiceStreamOptions.builder((JobExecutionsChangedEvent e) -> v2Notify.accept(Scenarios.pending(e)))
                        .subscriptionStatusListener(s -> v2NotifyStatus.accept(s.type()))
                        .resyncOnReconnect(resync)
                        .build());
        nextStream = v2.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                ServiceStreamOptions.builder((NextJobExecutionChangedEvent e) -> v2Next.accept(Scenarios.next(e)))
                        .subscriptionStatusListener(s -> v2NextStatus.accept(s.type()))
                        .resyncOnReconnect(resync)
                        .build());
        await(notifyStream.open());
        await(nextStream.open());
        await(v1.subscribeToJobExecutionsChangedEvents(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Qos.AT_LEAST_ONCE,
                e -> v1Notify.accept(Scenarios.pending(e))));
        await(v1.subscribeToNextJobExecutionChangedEvents(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Qos.AT_LEAST_ONCE,
                e -> v1Next.accept(Scenarios.next(e))));
        return this;
    }

    @Override
    public void close() {
        v1.close();
        v2.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "Device[" + thing + ", " + connection + "]";
    }
}
