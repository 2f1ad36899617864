package io.iotjobs.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of the child processes the fixtures run (Mosquitto, tinyproxy): each process's lines copied by a
 * daemon thread of its own into one bounded log (the last 2000 lines, across restarts), for assertions and for the
 * tail shown when a process misbehaves. Thread-safe.
 */
final class ProcessLog {

    private static final int LINES_KEPT = 2000;
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Deque<String> lines = new ArrayDeque<>(); // guarded by itself

    /**
     * @param name the program's name, in the tail's heading
     */
    ProcessLog(String name) {
        this.name = name;
    }

    /**
     * Starts copying a process's output (standard output, with standard error redirected into it) on a daemon
     * thread that ends with the process.
     *
     * @param process the process
     * @param thread the thread's name
     * @param onLine called with each line on that thread, before it is kept
     */
    void follow(Process process, String thread, Consumer<String> onLine) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            onLine.accept(line);
                            synchronized (lines) {
                                if (lines.size() == LINES_KEPT) {
                                    lines.removeFirst();
                                }
                                lines.addLast(line);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                thread);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * The lines so far.
     *
     * @return the lines, oldest first
     */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /**
     * The last 40 lines with a heading, to append to a failure's message.
     *
     * @return the tail, starting with a line break
     */
    String tail() {
        List<String> all = lines();
        int from = Math.max(0, all.size() - TAIL_LINES);
        return "\n--- " + name + " log (last " + (all.size() - from) + " lines) ---\n"
                + String.join("\n", all.subList(from, all.size()));
    }
}
