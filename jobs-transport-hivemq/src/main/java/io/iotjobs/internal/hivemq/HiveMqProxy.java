package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttProxyConfig;
import com.hivemq.client.mqtt.MqttProxyConfigBuilder;
import com.hivemq.client.mqtt.MqttProxyProtocol;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.internal.mqtt.TransportFailures;
import io.iotjobs.internal.proxy.HttpConnect;
import io.iotjobs.internal.proxy.HttpProxyException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP proxy of a HiveMQ client the SDK builds: the client's own proxy configuration (Netty's
 * {@code HttpProxyHandler} first in the pipeline, before TLS and WebSockets, so that TLS names the broker), and the
 * translation of its failures into the SDK's {@link HttpProxyException}, worded as for the Paho transports.
 *
 * @param proxy the proxy
 * @param target the broker's {@code host:port}, as the tunnel names it
 * @param timeoutMillis the bound on the proxy's answer
 */
record HiveMqProxy(HttpProxySettings proxy, String target, long timeoutMillis) {

    /** Netty's words for the status of a refused {@code CONNECT}: {@code "..., status: 407 Proxy ..."}. */
    private static final Pattern STATUS = Pattern.compile("status: (\\d{3})(.*)$");

    /**
     * The client's proxy configuration.
     *
     * @return the configuration
     */
    MqttProxyConfig config() {
        MqttProxyConfigBuilder builder = MqttProxyConfig.builder()
                .protocol(MqttProxyProtocol.HTTP)
                .host(proxy.host())
                .port(proxy.port())
                .handshakeTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        if (proxy.username().isPresent()) {
            builder.username(proxy.username().get()).password(proxy.password().orElse(""));
        }
        return builder.build();
    }

    /**
     * A failed connection attempt, with a failure of the proxy translated: a refusal with its status, no answer,
     * or a proxy that cannot be reached (every network connection of the client goes to the proxy).
     *
     * @param error what the client failed with
     * @return the translated failure, or {@code error} when the proxy is not the cause
     */
    Throwable translate(Throwable error) {
        HttpProxyException translated = null;
        for (Throwable t = TransportFailures.unwrap(error); t != null && translated == null; t = t.getCause()) {
            if (t instanceof HttpProxyHandler.HttpProxyConnectException) {
                translated = refused((HttpProxyHandler.HttpProxyConnectException) t);
            } else if (t instanceof ProxyConnectException) {
                String message = String.valueOf(t.getMessage());
                translated = HttpProxyException.badAnswer(
                        proxy,
                        target,
                        message.endsWith("timeout")
                                ? "sent no answer to CONNECT within " + timeoutMillis + " ms"
                                : message.endsWith("disconnected")
                                        ? "closed the connection before answering CONNECT"
                                        : "failed: " + message,
                        t);
            } else if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                translated = HttpProxyException.unreachable(proxy, t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return translated == null
                ? error
                : new TransportException(TransportException.Kind.FAILED, translated.getMessage(), null, translated);
    }

    private HttpProxyException refused(HttpProxyHandler.HttpProxyConnectException e) {
        Matcher status = STATUS.matcher(String.valueOf(e.getMessage()));
        if (!status.find()) {
            return HttpProxyException.badAnswer(proxy, target, "failed: " + e.getMessage(), e);
        }
        String challenge = e.headers() == null ? null : e.headers().get("Proxy-Authenticate");
        return HttpProxyException.refused(
                proxy, target, Integer.parseInt(status.group(1)), status.group(1) + status.group(2), challenge, e);
    }

    /**
     * The proxy of a connection, if it has one.
     *
     * @param proxy the proxy, or {@code null}
     * @param host the broker's host
     * @param port the broker's port
     * @param timeoutMillis the bound on the proxy's answer
     * @return the proxy, or {@code null}
     */
    static HiveMqProxy of(HttpProxySettings proxy, String host, int port, long timeoutMillis) {
        return proxy == null ? null : new HiveMqProxy(proxy, HttpConnect.target(host, port), timeoutMillis);
    }
}
