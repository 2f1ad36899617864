package io.iotjobs.internal.agent.devclient;

/**
 * The end of a stream of text, kept within a bound however much is written (a step may print megabytes), with
 * the number of lines seen. Thread-safe: the reader of a process's stream writes, the step reads.
 */
public final class OutputTail {

    private final int capacity;
    private final StringBuilder tail = new StringBuilder();
    private long lines;
    private boolean partialLine;

    /**
     * Creates an empty tail.
     *
     * @param capacity how many characters to keep
     */
    public OutputTail(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds text.
     *
     * @param text characters read
     * @param length how many of them
     */
    public synchronized void append(char[] text, int length) {
        for (int i = 0; i < length; i++) {
            if (text[i] == '\n') {
                lines++;
                partialLine = false;
            } else {
                partialLine = true;
            }
        }
        int keep = Math.min(length, capacity);
        tail.append(text, length - keep, keep);
        if (tail.length() > capacity) {
            tail.delete(0, tail.length() - capacity);
        }
    }

    /**
     * The kept end of the text.
     *
     * @return at most the capacity, the newest characters
     */
    public synchronized String text() {
        return tail.toString();
    }

    /**
     * How many lines were written (a last line without a line break counts).
     *
     * @return the count
     */
    public synchronized long lines() {
        return lines + (partialLine ? 1 : 0);
    }
}
