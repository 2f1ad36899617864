package io.iotjobs.internal.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import io.iotjobs.internal.testkit.DaemonThreads;
import io.iotjobs.internal.testkit.JobsServiceEngine;
import io.iotjobs.testkit.JobsControl;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web console on the HTTP control port: its pages ({@code GET /} and the files under {@code /console/}), the
 * reads of {@link ConsoleRoutes} and the switches of {@link FaultRoutes} under {@code /console/api/}, and the live
 * stream {@code GET /console/events} ({@link ConsoleStream}). It observes the service from when it is made until
 * {@link #close()}.
 *
 * <p>Thread-safe. Each open stream has a daemon thread of its own; the rest runs on the HTTP server's threads.
 */
public final class Console implements AutoCloseable {

    /**
     * The console's bounds.
     *
     * @param recentRecords traffic records kept for pages opened later
     * @param recordsPerPage records one page may have waiting before the oldest give way
     * @param maxPages pages served at once
     * @param heartbeatMillis how often an idle stream gets a comment line (which also finds closed pages)
     */
    public record Settings(int recentRecords, int recordsPerPage, int maxPages, long heartbeatMillis) {

        /** What the servers use: 300 recent records, 500 per page, 16 pages, a heartbeat every 15 s. */
        public static final Settings DEFAULT = new Settings(300, 500, 16, 15_000);

        /**
         * Checks the bounds.
         *
         * @throws IllegalArgumentException if one is not positive
         */
        public Settings {
            if (recentRecords < 1 || recordsPerPage < 1 || maxPages < 1 || heartbeatMillis < 1) {
                throw new IllegalArgumentException("console settings: every bound must be positive, got " + this);
            }
        }
    }

    private final ConsoleHub hub;
    private final Runnable unobserve;
    private final ExecutorService writers;
    private final Router router = new Router();
    private final ConsoleResources files = new ConsoleResources();
    private final ConsoleStream stream;

    Console(JobsControl jobs, JobsServiceEngine engine, Arns arns, Renderer render, Settings settings) {
        this.hub = new ConsoleHub(settings.recentRecords(), settings.recordsPerPage(), settings.maxPages());
        this.writers = Executors.newCachedThreadPool(DaemonThreads.named("local-jobs-console"));
        this.stream = new ConsoleStream(hub, writers, settings.heartbeatMillis());
        new ConsoleRoutes(jobs, engine.control(), engine.registry(), arns, render).addTo(router);
        new FaultRoutes(engine.faults()).addTo(router);
        this.unobserve = engine.observe(hub);
    }

    /**
     * How many pages have the live stream open.
     *
     * @return the count
     */
    public int pages() {
        return hub.subscribers();
    }

    /**
     * How many traffic records the console holds for its pages (kept ones, and those waiting per page).
     *
     * @return the count, at most {@code recentRecords + pages() * 2 * recordsPerPage} (waiting, and being sent)
     */
    public long retainedRecords() {
        return hub.retained();
    }

    /** Stops observing the service and ends every stream (their connections close). Idempotent. */
    @Override
    public void close() {
        unobserve.run();
        hub.close();
        writers.shutdown();
    }

    /** Whether the request is the console's: {@code GET /}, or anything under {@code /console/}. */
    boolean handles(HttpCall call) {
        return call.path.isEmpty()
                ? call.method.equals("GET")
                : call.path.get(0).equals("console");
    }

    /**
     * Answers a request of the console.
     *
     * @param call the request
     * @param exchange its exchange
     * @return the answer; {@link Router#DETACHED} for the stream, whose exchange a writer thread now owns
     */
    Router.Answer handle(HttpCall call, HttpExchange exchange) {
        if (call.path.isEmpty()) {
            return files.send("index.html", exchange);
        }
        if (call.method.equals("GET") && call.path.size() == 2) {
            String name = call.path.get(1);
            if (name.equals("events")) {
                stream.open(call, exchange);
                return new Router.Answer("ConsoleEvents", Router.DETACHED);
            }
            if (ConsoleResources.isFileName(name)) {
                return files.send(name, exchange);
            }
        }
        return router.route(call);
    }
}
