package io.iotjobs.internal.agent.devclient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one program from an argument vector (never through a shell), with standard input from
 * {@code /dev/null}, standard output and error read into bounded {@link OutputTail}s, a time limit, and the
 * whole process tree killed when the limit passes or the calling thread is interrupted: first SIGTERM to the
 * program and every descendant, then, after the grace period, SIGKILL to whatever is left.
 */
public final class ProcessRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    /** How long the readers may go on after the program ended (a descendant may still hold the pipes). */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** How a run ended. */
    public enum Ending {
        /** The program exited by itself. */
        EXITED,
        /** It ran past its time limit and was killed. */
        TIME_LIMIT,
        /** The calling thread was interrupted (the job was told to stop) and the program was killed. */
        STOPPED,
        /** It could not be started. */
        NOT_STARTED
    }

    /**
     * The end of a run.
     *
     * @param ending how it ended
     * @param exitCode the exit status (with EXITED), or -1
     * @param error why it could not start (with NOT_STARTED), or {@code null}
     */
    public record Result(Ending ending, int exitCode, String error) {
        /**
         * Whether the program exited with status 0.
         *
         * @return true on success
         */
        public boolean succeeded() {
            return ending == Ending.EXITED && exitCode == 0;
        }
    }

    private final Duration killGrace;

    /**
     * Creates a runner.
     *
     * @param killGrace how long a killed tree has between SIGTERM and SIGKILL
     */
    public ProcessRunner(Duration killGrace) {
        this.killGrace = killGrace;
    }

    /**
     * Runs a program to its end, on the calling thread.
     *
     * @param argv the program and its arguments
     * @param environment variables added to the agent's environment
     * @param workDirectory the program's working directory
     * @param timeLimit how long it may run
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes
     * @return how it ended; after an interrupt the thread's interrupt flag is set again
     */
    public Result run(
            List<String> argv,
            Map<String, String> environment,
            Path workDirectory,
            Duration timeLimit,
            OutputTail stdout,
            OutputTail stderr) {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new Result(Ending.NOT_STARTED, -1, e.getMessage());
        }
        Thread out = reader(process.getInputStream(), stdout, "stdout", process.pid());
        Thread err = reader(process.getErrorStream(), stderr, "stderr", process.pid());
        Ending ending;
        boolean interrupted = false;
        try {
            ending = process.waitFor(timeLimit.toNanos(), TimeUnit.NANOSECONDS) ? Ending.EXITED : Ending.TIME_LIMIT;
        } catch (InterruptedException e) {
            ending = Ending.STOPPED;
            interrupted = true;
        }
        if (ending != Ending.EXITED) {
            LOG.info("killing the process tree of {} (pid {}): {}", argv.get(0), process.pid(), ending);
            killTree(process.toHandle(), killGrace);
        }
        drain(process, out, err);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Result(ending, ending == Ending.EXITED ? process.exitValue() : -1, null);
    }

    private static Thread reader(InputStream stream, OutputTail tail, String name, long pid) {
        Thread thread = new Thread(
                () -> {
                    char[] buffer = new char[8192];
                    try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                        for (int n; (n = reader.read(buffer)) >= 0; ) {
                            tail.append(buffer, n);
                        }
                    } catch (IOException e) {
                        LOG.trace("{} of pid {} closed: {}", name, pid, e.toString());
                    }
                },
                "iotjobs-step-" + pid + "-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Lets the readers finish; a descendant that keeps the pipes open does not hold the step up for long. */
    private static void drain(Process process, Thread out, Thread err) {
        try {
            process.waitFor();
            out.join(DRAIN.toMillis());
            err.join(DRAIN.toMillis());
            if (out.isAlive() || err.isAlive()) {
                process.getInputStream().close();
                process.getErrorStream().close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.trace("closing the pipes of pid {}: {}", process.pid(), e.toString());
        }
    }

    /**
     * Kills a process and all its descendants: SIGTERM to each, then SIGKILL to those still alive after the
     * grace period (and to descendants started meanwhile). The descendants are collected before anything is
     * killed, since a child whose parent dies is no longer a descendant.
     *
     * @param root the process
     * @param grace the time between the two signals
     */
    public static void killTree(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toNanos(), TimeUnit.NANOSECONDS);
            return;
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("process tree of pid {} still alive after SIGTERM; sending SIGKILL", root.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<ProcessHandle> left = new LinkedHashSet<>();
        for (ProcessHandle process : tree) {
            if (process.isAlive()) {
                left.addAll(tree(process));
            }
        }
        left.forEach(ProcessHandle::destroyForcibly);
    }

    private static Set<ProcessHandle> tree(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }
}
