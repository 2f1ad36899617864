package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.internal.agent.JobsPort;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link JobsPort} the test answers by hand: every request waits in a queue as a {@link Call} until the test
 * replies or fails it; the streams open when the test says and deliver the events the test emits.
 */
final class FakePort implements JobsPort {

    /** One request of the agent. */
    static final class Call {
        final String operation;
        final Object request;
        final CompletableFuture<Object> future = new CompletableFuture<>();

        Call(String operation, Object request) {
            this.operation = operation;
            this.request = request;
        }

        UpdateJobExecutionRequest update() {
            return (UpdateJobExecutionRequest) request;
        }

        void reply(Object value) {
            future.complete(value);
        }

        void fail(Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public String toString() {
            return operation
                    + (request instanceof UpdateJobExecutionRequest u ? " " + u.jobId() + " " + u.status() : "");
        }
    }

    private final LinkedBlockingQueue<Call> waiting = new LinkedBlockingQueue<>();
    private final List<Call> history = new ArrayList<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile StreamListener listener;
    private volatile Runnable reconnect;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(String operation, Object request) {
        Call call = new Call(operation, request);
        synchronized (history) {
            history.add(call);
        }
        waiting.add(call);
        return (CompletableFuture<T>) (CompletableFuture<?>) call.future;
    }

    @Override
    public CompletableFuture<StartNextJobExecutionResponse> startNext(
            io.iotjobs.model.StartNextPendingJobExecutionRequest request) {
        return call("StartNext", request);
    }

    @Override
    public CompletableFuture<UpdateJobExecutionResponse> update(UpdateJobExecutionRequest request) {
        return call("Update", request);
    }

    @Override
    public CompletableFuture<DescribeJobExecutionResponse> describe(
            io.iotjobs.model.DescribeJobExecutionRequest request) {
        return call("Describe", request);
    }

    @Override
    public CompletableFuture<GetPendingJobExecutionsResponse> getPending(
            io.iotjobs.model.GetPendingJobExecutionsRequest request) {
        return call("GetPending", request);
    }

    @Override
    public Streams openStreams(String thingName, StreamListener streamListener) {
        this.listener = streamListener;
        return new Streams() {
            @Override
            public CompletableFuture<Void> opened() {
                return opened;
            }

            @Override
            public void close() {
                // nothing to unsubscribe
            }
        };
    }

    @Override
    public void onReconnect(Runnable action) {
        this.reconnect = action;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The streams are subscribed. */
    void open() {
        opened.complete(null);
    }

    void emit(NextJobExecutionChangedEvent event) {
        listener.onNext(event);
    }

    void emit(JobExecutionsChangedEvent event) {
        listener.onChanged(event);
    }

    void reconnected() {
        reconnect.run();
    }

    boolean isClosed() {
        return closed;
    }

    /** The next request (waiting at most five seconds: a handler thread may send it); it must be this operation. */
    Call expect(String operation) throws InterruptedException {
        Call call = waiting.poll(5, TimeUnit.SECONDS);
        assertThat(call)
                .as("a %s request; sent so far: %s", operation, history())
                .isNotNull();
        assertThat(call.operation)
                .as("the next request; sent so far: %s", history())
                .isEqualTo(operation);
        return call;
    }

    /** The next request must be an update of this job with this status. */
    Call expectUpdate(String jobId, io.iotjobs.model.JobStatus status) throws InterruptedException {
        Call call = expect("Update");
        assertThat(call.update().jobId()).isEqualTo(jobId);
        assertThat(call.update().status()).isEqualTo(status);
        return call;
    }

    /** No request is waiting for a reply. */
    void expectNothing() {
        assertThat(waiting).as("requests waiting; sent so far: %s", history()).isEmpty();
    }

    /** Every request so far, in order. */
    List<Call> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /** The updates of a job so far, as their statuses. */
    List<io.iotjobs.model.JobStatus> updates(String jobId) {
        return history().stream()
                .filter(c -> c.operation.equals("Update") && c.update().jobId().equals(jobId))
                .map(c -> c.update().status())
                .toList();
    }
}
