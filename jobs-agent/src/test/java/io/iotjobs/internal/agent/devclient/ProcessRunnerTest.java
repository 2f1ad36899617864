package io.iotjobs.internal.agent.devclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs started from an argument vector, their output kept within bounds, and their process trees killed. */
class ProcessRunnerTest {

    private static final Duration LONG = Duration.ofMinutes(1);

    @TempDir
    Path work;

    private final ProcessRunner runner = new ProcessRunner(Duration.ofMillis(500));
    private final OutputTail out = new OutputTail(1000);
    private final OutputTail err = new OutputTail(1000);

    private ProcessRunner.Result run(Duration limit, String... argv) {
        return runner.run(List.of(argv), Map.of("GREETING", "hello"), work, limit, out, err);
    }

    @Test
    void theExitStatusAndBothStreamsAreKept() {
        ProcessRunner.Result result =
                run(LONG, "sh", "-c", "echo \"$GREETING\"; echo oops >&2; echo again >&2; exit 3");
        assertThat(result.ending()).isEqualTo(ProcessRunner.Ending.EXITED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(out.text()).isEqualTo("hello\n");
        assertThat(err.text()).isEqualTo("oops\nagain\n");
        assertThat(err.lines()).isEqualTo(2);
    }

    @Test
    void argumentsReachTheProgramAsTheyAreWithoutAShell() {
        ProcessRunner.Result result = run(LONG, "printf", "%s|", "a b", "$(touch marker)", ";echo hacked", "*");
        assertThat(result.succeeded()).isTrue();
        assertThat(out.text()).isEqualTo("a b|$(touch marker)|;echo hacked|*|");
        assertThat(work.resolve("marker")).doesNotExist();
    }

    @Test
    void tenMegabytesOfOutputKeepOnlyTheirEnd() {
        ProcessRunner.Result result = run(
                LONG,
                "sh",
                "-c",
                "head -c 10485760 /dev/zero | tr '\\0' x; echo; echo last line; head -c 10485760 /dev/zero >&2");
        assertThat(result.succeeded()).isTrue();
        assertThat(out.text()).hasSize(1000).endsWith("xxx\nlast line\n");
        assertThat(out.lines()).isEqualTo(2);
        assertThat(err.text()).hasSize(1000);
    }

    @Test
    void aProgramThatCannotStartSaysWhy() {
        ProcessRunner.Result result = run(LONG, work.resolve("missing").toString());
        assertThat(result.ending()).isEqualTo(ProcessRunner.Ending.NOT_STARTED);
        assertThat(result.error()).contains("missing");
    }

    @Test
    void aProgramPastItsTimeLimitIsKilledWithItsWholeTree() throws Exception {
        ProcessRunner.Result result = run(Duration.ofMillis(1500), "sh", "-c", Processes.treeScript("pids"));
        assertThat(result.ending()).isEqualTo(ProcessRunner.Ending.TIME_LIMIT);
        Processes.assertGone(work.resolve("pids"), 3);
    }

    @Test
    void anInterruptedRunKillsTheWholeTreeAndKeepsTheInterrupt() throws Exception {
        CompletableFuture<ProcessRunner.Result> result = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            result.complete(run(LONG, "sh", "-c", Processes.treeScript("pids")));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        thread.start();
        Processes.awaitFile(work.resolve("pids"), " ");
        thread.interrupt();
        assertThat(result.get(30, TimeUnit.SECONDS).ending()).isEqualTo(ProcessRunner.Ending.STOPPED);
        assertThat(stillInterrupted.get(30, TimeUnit.SECONDS)).isTrue();
        Processes.assertGone(work.resolve("pids"), 3);
    }
}
