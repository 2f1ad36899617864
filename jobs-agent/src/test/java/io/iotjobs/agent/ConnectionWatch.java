package io.iotjobs.agent;

import io.iotjobs.core.MqttConnectionListener;
import java.util.ArrayList;
import java.util.List;

/** Records the reconnects of a connection and lets a test wait for the n-th. */
final class ConnectionWatch implements MqttConnectionListener {
    private final List<Boolean> resumed = new ArrayList<>();

    @Override
    public synchronized void onResumed(boolean sessionPresent) {
        resumed.add(sessionPresent);
        notifyAll();
    }

    /** Waits (bounded) for the n-th reconnect; returns whether the broker still had the session. */
    synchronized boolean awaitResumed(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + AgentEvents.WAIT_MS;
        while (resumed.size() < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no reconnect #" + count + " within " + AgentEvents.WAIT_MS + " ms");
            }
            wait(left);
        }
        return resumed.get(count - 1);
    }
}
