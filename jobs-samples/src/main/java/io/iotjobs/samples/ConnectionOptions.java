package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.spi.TransportFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a sample command connects. Three ways:
 * <ul>
 *   <li>AWS IoT: {@code --endpoint}, {@code --cert}, {@code --key} (and {@code --ca}, {@code --port}),
 *       {@code --thing}: mutual TLS through {@link MqttConnectionBuilder#mtlsFromPath};</li>
 *   <li>a broker where a Jobs service already runs (the testkit's standalone runner, for example):
 *       {@code --broker tcp://host:port};</li>
 *   <li>neither: everything in this process ({@link LocalJobs}), with demo jobs, so each command runs alone.</li>
 * </ul>
 */
final class ConnectionOptions {

    /** How the command connects. */
    enum Mode {
        AWS_IOT,
        BROKER,
        IN_PROCESS
    }

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    static final String DEFAULT_THING = "demo-device";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(
            names = "--endpoint",
            paramLabel = "<host>",
            description =
                    "AWS IoT data endpoint, e.g. abc123-ats.iot.eu-west-1.amazonaws.com (needs --cert, --key, --thing)")
    private String endpoint;

    @Option(names = "--cert", paramLabel = "<path>", description = "device certificate (PEM), with --endpoint")
    private Path certificate;

    @Option(names = "--key", paramLabel = "<path>", description = "private key (PEM), with --endpoint")
    private Path privateKey;

    @Option(
            names = "--ca",
            paramLabel = "<path>",
            description = "CA certificate(s) to trust (PEM), with --endpoint; default: the JVM's trust store")
    private Path ca;

    @Option(
            names = "--port",
            paramLabel = "<port>",
            description = "TLS port, with --endpoint: 8883 (default) or 443 (MQTT with ALPN) on AWS IoT")
    private Integer port;

    @Option(
            names = "--thing",
            paramLabel = "<name>",
            description = "thing name; required with --endpoint, otherwise default: " + DEFAULT_THING)
    private String thing;

    @Option(names = "--client-id", paramLabel = "<id>", description = "MQTT client id (default: the thing name)")
    private String clientId;

    @Option(
            names = "--broker",
            paramLabel = "<uri>",
            description = "tcp://<host>:<port> of a plain MQTT broker where a Jobs service already runs (such as"
                    + " the jobs-testkit standalone runner); default: start a broker and"
                    + " the local Jobs service in this process and create demo jobs")
    private String broker;

    @Option(
            names = "--transport",
            paramLabel = "<name>",
            defaultValue = "paho5",
            description = "the MQTT client library under the connection: paho5 (MQTT 5, default), paho3 (MQTT 3.1.1),"
                    + " hivemq5 (MQTT 5) or hivemq3 (MQTT 3.1.1, both over the HiveMQ client)")
    private String transport;

    /**
     * Checks the combination of options.
     *
     * @throws ParameterException naming the option at fault (picocli prints it with the usage, exit code 2)
     */
    void validate() {
        if (endpoint != null) {
            if (broker != null) {
                throw usage("--broker and --endpoint exclude each other: choose a local broker or AWS IoT");
            }
            if (certificate == null || privateKey == null) {
                throw usage("--endpoint needs --cert <path> and --key <path> (mutual TLS)");
            }
            if (thing == null) {
                throw usage("--endpoint needs --thing <name>: the thing whose jobs to use");
            }
            requireFile("--cert", certificate);
            requireFile("--key", privateKey);
            if (ca != null) {
                requireFile("--ca", ca);
            }
            if (port != null && (port < 1 || port > 65535)) {
                throw usage("--port: must be 1..65535 (AWS IoT: 8883 or 443), got " + port);
            }
        } else {
            for (Object option : new Object[] {certificate, privateKey, ca, port}) {
                if (option != null) {
                    throw usage("--cert, --key, --ca and --port go with --endpoint <host>");
                }
            }
            if (broker != null) {
                brokerUri();
            }
        }
        if (thing != null) {
            requireThingName(spec, thing);
        }
        Transports.byName(transport)
                .orElseThrow(
                        () -> usage("--transport: expected one of " + Transports.NAMES + ", got '" + transport + "'"));
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 128)) {
            throw usage("--client-id: must be 1-128 characters");
        }
    }

    Mode mode() {
        return endpoint != null ? Mode.AWS_IOT : broker != null ? Mode.BROKER : Mode.IN_PROCESS;
    }

    String thingName() {
        return thing != null ? thing : DEFAULT_THING;
    }

    String clientId() {
        return clientId != null ? clientId : thingName();
    }

    /** The transport chosen with {@code --transport}. */
    TransportFactory transport() {
        return Transports.byName(transport).orElseThrow();
    }

    /** Where the connection goes, for the first line of output. */
    String describe() {
        switch (mode()) {
            case AWS_IOT:
                return "endpoint " + endpoint + ":" + (port != null ? port : MqttConnectionBuilder.TLS_PORT)
                        + " (mutual TLS)";
            case BROKER:
                return "broker " + broker
                        + (transport.equals("paho5")
                                ? ""
                                : " (" + transport().name() + ", " + transport().protocol() + ")");
            default:
                return "in-process broker and local Jobs service"
                        + (transport.equals("paho5")
                                ? ""
                                : " (" + transport().name() + ", " + transport().protocol() + ")");
        }
    }

    /**
     * Builds the device's connection for {@link Mode#AWS_IOT} or {@link Mode#BROKER} (not connected yet).
     *
     * @return the connection
     */
    MqttConnection buildConnection() {
        MqttConnectionBuilder builder;
        if (mode() == Mode.AWS_IOT) {
            builder = MqttConnectionBuilder.mtlsFromPath(endpoint, certificate, privateKey);
            if (port != null) {
                builder.port(port);
            }
            if (ca != null) {
                builder.caFromPath(ca);
            }
        } else {
            URI uri = brokerUri();
            builder = MqttConnectionBuilder.plain(uri.getHost(), uri.getPort());
        }
        return builder.clientId(clientId()).transport(transport()).build();
    }

    private URI brokerUri() {
        try {
            URI uri = new URI(broker);
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw usage("--broker: expected tcp://<host>:<port>, got '" + broker + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw usage("--broker: expected tcp://<host>:<port>, got '" + broker + "'");
        }
    }

    private void requireFile(String option, Path path) {
        if (!Files.isReadable(path)) {
            throw usage(option + ": cannot read " + path);
        }
    }

    /**
     * Refuses a {@code --thing} value the service would refuse, before anything connects.
     *
     * @param spec the command, for the usage error
     * @param thing the value
     * @throws ParameterException naming the option when the name is not 1-128 of {@code [a-zA-Z0-9:_-]}
     */
    static void requireThingName(CommandSpec spec, String thing) {
        if (!THING_NAME.matcher(thing).matches()) {
            throw new ParameterException(
                    spec.commandLine(), "--thing: must be 1-128 characters of [a-zA-Z0-9:_-], got '" + thing + "'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
