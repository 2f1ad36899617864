package io.iotjobs.internal.agent.devclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the tests of handlers need to know about processes and the files their scripts write. */
public final class Processes {

    private Processes() {}

    /** Whether a process runs (a zombie, killed but not yet reaped by its parent, does not). */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that none of the pids a script wrote (separated by spaces) runs. */
    public static void assertGone(Path pidFile, int expected) throws IOException {
        String[] pids = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split(" ");
        assertThat(pids).hasSize(expected);
        for (String pid : pids) {
            assertThat(running(Long.parseLong(pid))).as("process %s", pid).isFalse();
        }
    }

    /** Waits (bounded) until a file exists and holds the text (a script writes it). */
    public static void awaitFile(Path file, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!contains(file, text)) {
            assertThat(System.nanoTime())
                    .as("%s holds \"%s\" in time", file, text)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).contains(text);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A shell script that starts a child and a grandchild, writes the three pids to {@code $1} (or the first
     * argument after the runAsUser of a handler), and waits.
     */
    public static String treeScript(String pidFileArgument) {
        return "out=" + pidFileArgument + "; sh -c 'sleep 300 & echo $! > \"$0.grandchild\"; wait' \"$out\" &"
                + " child=$!; while [ ! -s \"$out.grandchild\" ]; do sleep 0.05; done;"
                + " echo $$ $child $(cat \"$out.grandchild\") > \"$out.tmp\"; mv \"$out.tmp\" \"$out\"; wait";
    }
}
