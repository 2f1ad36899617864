package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.internal.testkit.http.Console;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's live stream keeps the server's memory bounded whatever a page does: a page that never reads
 * holds no more than the bounds, and a page that went away is forgotten within a heartbeat (a page left open for
 * an hour therefore costs what a page open for a minute costs). Over a real HTTP socket, with the service on the
 * in-memory broker so that thousands of requests take a moment.
 */
class ConsoleMemoryTest extends ServiceTestBase {

    /** Small bounds, and a fast heartbeat so that a closed page is found at once. */
    private static final Console.Settings SETTINGS = new Console.Settings(20, 50, 4, 50);

    private HttpControlApi api;

    @BeforeEach
    void startConsole() {
        api = HttpControlApi.builder(service).console(SETTINGS).start();
    }

    @AfterEach
    void stopConsole() {
        api.close();
    }

    private Console console() {
        return api.console().orElseThrow();
    }

    /** Waits (bounded) for a condition the server reaches on its own threads. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aPageThatNeverReadsKeepsTheServerWithinItsBound() throws Exception {
        RawDevice device = device("dev-1");
        String padding = "x".repeat(4000);
        try (Socket stalled = EventStreamClient.raw(api.uri(), 4096)) {
            await(() -> console().pages() == 1, "the page subscribed");
            for (int i = 0; i < 4000; i++) {
                device.publish("get", "{'clientToken':'t" + i + "','padding':'" + padding + "'}");
            }
            device.request("get", "{'clientToken':'last'}");

            // 8002 records, 16 MB of frames, went by: more than the sockets' buffers hold, so the page fell behind
            long bound = SETTINGS.recentRecords() + 2L * SETTINGS.recordsPerPage();
            assertThat(console().retainedRecords()).isLessThanOrEqualTo(bound);
            assertThat(readUntil(stalled.getInputStream(), "event: missed"))
                    .as("the page is told that it missed records")
                    .startsWith("event: missed\ndata: {\"missed\":");
        }
    }

    @Test
    void aClosedPageIsForgottenWithinAHeartbeat() throws Exception {
        Socket page = EventStreamClient.raw(api.uri(), 65536);
        byte[] head = new byte[256];
        int n = page.getInputStream().read(head);
        assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        assertThat(console().pages()).isEqualTo(1);

        page.close();

        await(() -> console().pages() == 0, "the closed page removed");
    }

    /** Reads a stream until the text appears (at most 64 MB); returns what follows from it on. */
    private static String readUntil(InputStream in, String text) throws Exception {
        byte[] buffer = new byte[65536];
        StringBuilder window = new StringBuilder();
        long total = 0;
        int n;
        while (total < 64L << 20 && (n = in.read(buffer)) > 0) {
            total += n;
            window.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            int at = window.indexOf(text);
            if (at >= 0) {
                return window.substring(at);
            }
            window.delete(0, Math.max(0, window.length() - text.length()));
        }
        return "";
    }
}
