package io.iotjobs.internal.testkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes the {@code config.xml} of the embedded HiveMQ Community Edition broker: a plain TCP listener
 * on the loopback address (or another bind address), an optional TLS listener, the server receive
 * maximum, the persistence mode, and anonymous usage statistics switched off.
 *
 * <p>Immutable and thread-safe; {@link #render()} does not block.
 */
public final class BrokerConfigXml {
    private final String bindAddress;
    private final int port;
    private final int receiveMaximum;
    private int maximumPacketSize;
    private int webSocketPort;
    private final boolean filePersistence;
    private final Tls tls;

    /**
     * The TLS listener part of the configuration.
     *
     * @param port the TLS listener's port, 1..65535
     * @param keyStore a PKCS12 (or JKS) key store holding the server's key and certificate chain
     * @param keyStorePassword the key store's password, also used for the private key
     * @param trustStore a trust store with the certificates that client certificates must chain to, or
     *     {@code null} for none (then client certificates cannot be verified)
     * @param trustStorePassword the trust store's password; ignored without a trust store
     * @param clientAuthentication {@code REQUIRED}, {@code OPTIONAL} or {@code NONE}
     */
    public record Tls(
            int port,
            Path keyStore,
            char[] keyStorePassword,
            Path trustStore,
            char[] trustStorePassword,
            String clientAuthentication) {
        /**
         * Checks the required parts.
         *
         * @throws NullPointerException if the key store, its password or the authentication mode is null
         */
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        }
    }

    /**
     * A configuration.
     *
     * @param port the plain TCP listener's port, 1..65535
     * @param receiveMaximum the receive maximum the broker announces in CONNACK, 1..65535
     * @param filePersistence {@code true} for file persistence, {@code false} for in-memory
     * @param tls the TLS listener, or {@code null} for none
     */
    public BrokerConfigXml(int port, int receiveMaximum, boolean filePersistence, Tls tls) {
        this(LocalPorts.LOOPBACK_HOST, port, receiveMaximum, filePersistence, tls);
    }

    /**
     * A configuration whose listeners bind to the given address instead of the loopback address.
     *
     * @param bindAddress the address both listeners bind to, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the plain TCP listener's port, 1..65535
     * @param receiveMaximum the receive maximum the broker announces in CONNACK, 1..65535
     * @param filePersistence {@code true} for file persistence, {@code false} for in-memory
     * @param tls the TLS listener, or {@code null} for none
     */
    public BrokerConfigXml(String bindAddress, int port, int receiveMaximum, boolean filePersistence, Tls tls) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
        this.receiveMaximum = receiveMaximum;
        this.filePersistence = filePersistence;
        this.tls = tls;
    }

    /**
     * Sets the largest packet the broker accepts (and announces in CONNACK); 0 keeps HiveMQ's default (the MQTT
     * maximum, 256 MB).
     *
     * @param bytes the limit, or 0
     * @return this
     */
    public BrokerConfigXml maximumPacketSize(int bytes) {
        this.maximumPacketSize = bytes;
        return this;
    }

    /**
     * Adds a WebSocket listener on the port, path {@code /mqtt}; 0 for none.
     *
     * @param port the listener's port, or 0
     * @return this
     */
    public BrokerConfigXml webSocketPort(int port) {
        this.webSocketPort = port;
        return this;
    }

    /**
     * The complete {@code config.xml} text. It contains the key store passwords in clear text when a
     * TLS listener is configured.
     *
     * @return the XML document
     */
    public String render() {
        StringBuilder xml = new StringBuilder(1024);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<hivemq>\n");
        xml.append("  <listeners>\n");
        xml.append("    <tcp-listener>\n");
        xml.append("      <port>").append(port).append("</port>\n");
        xml.append("      <bind-address>").append(escape(bindAddress)).append("</bind-address>\n");
        xml.append("    </tcp-listener>\n");
        if (tls != null) {
            xml.append("    <tls-tcp-listener>\n");
            xml.append("      <port>").append(tls.port()).append("</port>\n");
            xml.append("      <bind-address>").append(escape(bindAddress)).append("</bind-address>\n");
            xml.append("      <tls>\n");
            xml.append("        <keystore>\n");
            xml.append("          <path>")
                    .append(escape(tls.keyStore().toAbsolutePath().toString()))
                    .append("</path>\n");
            xml.append("          <password>")
                    .append(escape(tls.keyStorePassword()))
                    .append("</password>\n");
            xml.append("          <private-key-password>")
                    .append(escape(tls.keyStorePassword()))
                    .append("</private-key-password>\n");
            xml.append("        </keystore>\n");
            if (tls.trustStore() != null) {
                char[] trustPassword = tls.trustStorePassword() == null ? new char[0] : tls.trustStorePassword();
                xml.append("        <truststore>\n");
                xml.append("          <path>")
                        .append(escape(tls.trustStore().toAbsolutePath().toString()))
                        .append("</path>\n");
                xml.append("          <password>").append(escape(trustPassword)).append("</password>\n");
                xml.append("        </truststore>\n");
            }
            xml.append("        <client-authentication-mode>")
                    .append(tls.clientAuthentication())
                    .append("</client-authentication-mode>\n");
            xml.append("      </tls>\n");
            xml.append("    </tls-tcp-listener>\n");
        }
        if (webSocketPort > 0) {
            xml.append("    <websocket-listener>\n");
            xml.append("      <port>").append(webSocketPort).append("</port>\n");
            xml.append("      <bind-address>").append(escape(bindAddress)).append("</bind-address>\n");
            xml.append("      <path>/mqtt</path>\n");
            xml.append("      <subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol>"
                    + "</subprotocols>\n");
            xml.append("    </websocket-listener>\n");
        }
        xml.append("  </listeners>\n");
        xml.append("  <mqtt>\n");
        xml.append("    <receive-maximum>\n");
        xml.append("      <server-receive-maximum>").append(receiveMaximum).append("</server-receive-maximum>\n");
        xml.append("    </receive-maximum>\n");
        if (maximumPacketSize > 0) {
            xml.append("    <packets>\n");
            xml.append("      <max-packet-size>").append(maximumPacketSize).append("</max-packet-size>\n");
            xml.append("    </packets>\n");
        }
        xml.append("  </mqtt>\n");
        xml.append("  <anonymous-usage-statistics>\n");
        xml.append("    <enabled>false</enabled>\n");
        xml.append("  </anonymous-usage-statistics>\n");
        xml.append("  <persistence>\n");
        xml.append("    <mode>").append(filePersistence ? "file" : "in-memory").append("</mode>\n");
        xml.append("  </persistence>\n");
        xml.append("</hivemq>\n");
        return xml.toString();
    }

    private static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(char[] text) {
        return escape(java.nio.CharBuffer.wrap(text));
    }
}
