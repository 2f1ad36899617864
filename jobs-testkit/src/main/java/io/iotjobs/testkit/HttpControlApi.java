package io.iotjobs.testkit;

import com.sun.net.httpserver.HttpServer;
import io.iotjobs.internal.testkit.DaemonThreads;
import io.iotjobs.internal.testkit.LocalPorts;
import io.iotjobs.internal.testkit.http.Console;
import io.iotjobs.internal.testkit.http.ControlApiHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP server that offers a local Jobs service's {@linkplain JobsControl control API} with the REST paths and
 * JSON of the AWS IoT control plane, so that scripts, {@code curl} and AWS tooling pointed at it (for example
 * {@code aws iot create-job --endpoint-url http://127.0.0.1:<port> ...}) create and cancel jobs for devices
 * in other processes.
 *
 * <pre>{@code
 * try (HttpControlApi http = HttpControlApi.start(service, 0)) {
 *     String base = http.uri();   // http://127.0.0.1:<free port>
 *     // PUT base + "/jobs/fw-17"  {"targets":["dev-1"],"document":"{\"op\":\"install\"}"}
 * }
 * }</pre>
 *
 * <p>Operations (paths and JSON as in the AWS IoT API reference; timestamps are epoch seconds; the testkit
 * documentation has the full table):
 * <ul>
 *   <li>jobs: CreateJob {@code PUT /jobs/{jobId}} (things, thing groups, every job configuration, templates),
 *       UpdateJob {@code PATCH /jobs/{jobId}}, AssociateTargetsWithJob {@code POST /jobs/{jobId}/targets},
 *       CancelJob, DeleteJob, DescribeJob, GetJobDocument, ListJobs, ListJobExecutionsForJob;</li>
 *   <li>executions: ListJobExecutionsForThing, DescribeJobExecution, CancelJobExecution (with
 *       {@code statusDetails}), DeleteJobExecution;</li>
 *   <li>registry: CreateThing, DescribeThing, DeleteThing, ListThings, CreateThingGroup, DescribeThingGroup,
 *       DeleteThingGroup, ListThingGroups, AddThingToThingGroup, RemoveThingFromThingGroup,
 *       ListThingsInThingGroup, ListThingGroupsForThing;</li>
 *   <li>job templates: CreateJobTemplate, DescribeJobTemplate, DeleteJobTemplate, ListJobTemplates;</li>
 *   <li>UpdateEventConfigurations and DescribeEventConfigurations ({@code JOB}, {@code JOB_EXECUTION});</li>
 *   <li>the Jobs data plane ({@code iot-jobs-data}: GetPendingJobExecutions, StartNextPendingJobExecution,
 *       DescribeJobExecution, UpdateJobExecution) for requests whose SigV4 credential scope names the service
 *       {@code iot-jobs-data}, as the AWS CLI and SDKs sign them;</li>
 *   <li>the local file store of presigned URLs: {@code PUT}, {@code DELETE /files/{bucket}/{key}},
 *       {@code GET /files}, and the URLs handed to devices.</li>
 * </ul>
 * Errors answer as AWS does: {@code {"message": "..."}} naming the field at fault, the exception name in the
 * {@code x-amzn-ErrorType} header, and the status: 400 {@code InvalidRequestException}, 404
 * {@code ResourceNotFoundException} (and {@code UnknownOperationException} for an unknown path), 409
 * {@code ResourceAlreadyExistsException}, {@code InvalidStateTransitionException} or
 * {@code VersionConflictException}, 503 {@code ServiceUnavailableException} once the service is closed. The
 * server does not check AWS signatures or credentials: any request is accepted.
 *
 * <p>With {@link Builder#console(boolean)} the same port also serves the web console at {@code /}. A change
 * (any method but GET) that a browser sends from another site's page ({@code Origin} or {@code Sec-Fetch-Site}
 * naming another origin) is refused with 403 {@code AccessDenied}, so that no web page can drive the API through
 * the user's browser; clients that are not browsers send neither header.
 *
 * <p><b>Threads.</b> Requests are served on a small pool of daemon threads of the server; the control calls
 * run there, and their MQTT events reach the devices asynchronously. Each request is logged at INFO to the
 * logger {@code io.iotjobs.testkit.HttpControlApi}. All methods are thread-safe.
 */
public final class HttpControlApi implements AutoCloseable {

    /** The region in the ARNs answered unless {@link Builder#region(String)} says otherwise. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account in the ARNs answered unless {@link Builder#accountId(String)} says otherwise. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;
    private final ControlApiHandler handler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpControlApi(HttpServer server, ExecutorService executor, String host, ControlApiHandler handler) {
        this.server = server;
        this.executor = executor;
        this.host = host;
        this.handler = handler;
    }

    /**
     * Starts the API for a service on {@code 127.0.0.1}, with the default region and account in the ARNs.
     * Blocks only while the socket is bound.
     *
     * @param service the running local service whose control API to offer
     * @param port the TCP port, or 0 for a free one
     * @return the running server; close it when done (closing it does not close the service)
     * @throws IllegalStateException if the port is in use or the socket cannot be bound
     * @throws IllegalArgumentException if the port is out of range
     */
    public static HttpControlApi start(LocalJobsService service, int port) {
        return builder(service).port(port).start();
    }

    /**
     * A builder for the API of a service.
     *
     * @param service the local service whose control API to offer
     * @return a builder: port 0, bind address {@code 127.0.0.1}, region {@value #DEFAULT_REGION}, account
     *     {@value #DEFAULT_ACCOUNT_ID}
     */
    public static Builder builder(LocalJobsService service) {
        return new Builder(Objects.requireNonNull(service, "service"));
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The base URI for clients on this machine, to use as the endpoint override of AWS tooling.
     *
     * @return {@code http://<host>:<port>}, with {@code 127.0.0.1} as host when bound to a wildcard address
     */
    public String uri() {
        return "http://" + host + ":" + port();
    }

    /**
     * The web console's address, when the API serves one ({@link Builder#console(boolean)}).
     *
     * @return {@code http://<host>:<port>/}, or empty without a console
     */
    public Optional<String> consoleUri() {
        return handler.console().isPresent() ? Optional.of(uri() + "/") : Optional.empty();
    }

    /** The console, for this package's tests. */
    Optional<Console> console() {
        return handler.console();
    }

    /**
     * Ends the console's live streams, stops accepting requests, closes the connections (requests in progress
     * are cut off) and stops the server's threads. The service stays open. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            handler.close();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "HttpControlApi[" + uri() + (closed.get() ? ", closed" : "") + "]";
    }

    /** Configures an {@link HttpControlApi}. Not thread-safe. */
    public static final class Builder {
        private final LocalJobsService service;
        private int port;
        private String bindAddress = LocalPorts.LOOPBACK_HOST;
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Console.Settings console;

        private Builder(LocalJobsService service) {
            this.service = service;
        }

        /**
         * The TCP port (default 0: a free port).
         *
         * @param value 0..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port: must be in 0..65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The address to listen on (default {@code 127.0.0.1}: this machine only). {@code 0.0.0.0} accepts
         * requests from other machines; the API has no authentication, so do that on trusted networks only.
         *
         * @param value an IP address of this machine, or a wildcard address
         * @return this builder
         */
        public Builder bindAddress(String value) {
            this.bindAddress = Objects.requireNonNull(value, "bindAddress");
            return this;
        }

        /**
         * The region written into the ARNs of the answers (default {@value #DEFAULT_REGION}).
         *
         * @param value a region name such as {@code eu-west-1}
         * @return this builder
         * @throws IllegalArgumentException if blank or containing {@code :} or {@code /}
         */
        public Builder region(String value) {
            this.region = arnPart("region", value);
            return this;
        }

        /**
         * The account id written into the ARNs of the answers (default {@value #DEFAULT_ACCOUNT_ID}).
         *
         * @param value an account id
         * @return this builder
         * @throws IllegalArgumentException if blank or containing {@code :} or {@code /}
         */
        public Builder accountId(String value) {
            this.accountId = arnPart("accountId", value);
            return this;
        }

        /**
         * Whether the API also serves the web console (default false): pages at {@code /} on the same port and
         * address, which show the jobs, things and executions, the device traffic live, and the fault switches,
         * and create, cancel and delete jobs through this API's own operations. See the testkit documentation.
         *
         * @param enabled true to serve the console
         * @return this builder
         */
        public Builder console(boolean enabled) {
            this.console = enabled ? Console.Settings.DEFAULT : null;
            return this;
        }

        /** Serves the console with other bounds (this package's tests). */
        Builder console(Console.Settings settings) {
            this.console = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Binds the socket and starts serving.
         *
         * @return the running server
         * @throws IllegalStateException if the address cannot be bound (the message says why, e.g. the port is
         *     in use)
         * @throws IllegalArgumentException if the bind address is not an address of this machine
         */
        public HttpControlApi start() {
            InetAddress address;
            try {
                address = InetAddress.getByName(bindAddress);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress: unknown host " + bindAddress, e);
            }
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(address, port), 0);
            } catch (BindException e) {
                throw new IllegalStateException(
                        "cannot start the HTTP control API on " + bindAddress + ":" + port + ": "
                                + (port != 0 ? "port " + port + " is already in use or not allowed" : e.getMessage()),
                        e);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start the HTTP control API on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
            }
            ExecutorService executor = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("local-jobs-http"));
            server.setExecutor(executor);
            ControlApiHandler handler =
                    new ControlApiHandler(service.control(), service.engine(), region, accountId, console);
            server.createContext("/", handler);
            server.start();
            String host = address.isAnyLocalAddress()
                    ? LocalPorts.LOOPBACK_HOST
                    : bindAddress.indexOf(':') >= 0 && !bindAddress.startsWith("[")
                            ? "[" + bindAddress + "]"
                            : bindAddress;
            HttpControlApi api = new HttpControlApi(server, executor, host, handler);
            service.engine().files().serveAt(api.uri());
            service.engine().arns().use(region, accountId);
            return api;
        }

        private static String arnPart(String field, String value) {
            Objects.requireNonNull(value, field);
            if (value.isBlank() || value.contains(":") || value.contains("/")) {
                throw new IllegalArgumentException(
                        field + ": must be non-blank without ':' or '/', got \"" + value + "\"");
            }
            return value;
        }
    }
}
