package io.iotjobs.agent;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on the thread that submits them: a task submitted while another runs
 * (on any thread) waits for it and runs on that thread after it. The agent's unit tests use it as the control
 * thread, so that a test's call returns only after everything it caused has run.
 */
final class SerialExecutor implements Executor {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
