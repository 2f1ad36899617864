package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.internal.proxy.HttpProxyException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect loop after a proxy's refusal: credentials or destination refused (407, 403) wait the longest delay,
 * since an attempt sooner would be refused again; other proxy failures (502) back off as usual. The delays are
 * read off the scheduler, nothing waits for them.
 */
class ProxyRefusalBackoffTest {

    private static final HttpProxySettings PROXY = HttpProxySettings.of("proxy", 3128);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ConnectPolicy POLICY =
            new ConnectPolicy(TIMEOUT, true, Duration.ofSeconds(1), Duration.ofSeconds(60));

    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void afterA407TheNextAttemptWaitsTheLongestDelay() {
        assertThat(secondDelay(407, "HTTP/1.1 407 Proxy Authentication Required"))
                .isBetween(30_000L, 60_000L);
    }

    @Test
    void afterA403TheNextAttemptWaitsTheLongestDelay() {
        assertThat(secondDelay(403, "HTTP/1.0 403 Access violation")).isBetween(30_000L, 60_000L);
    }

    @Test
    void afterA502TheBackoffDoublesAsUsual() {
        assertThat(secondDelay(502, "HTTP/1.1 502 Bad Gateway")).isBetween(1_000L, 2_000L);
    }

    @Test
    void theProxyFailureIsFoundThroughTheTransportsWrapping() {
        TransportException wrapped = refusal(407, "HTTP/1.1 407 Proxy Authentication Required");
        assertThat(TransportFailures.isLastingRefusal(new RuntimeException(wrapped)))
                .isTrue();
        assertThat(TransportFailures.isLastingRefusal(refusal(502, "HTTP/1.1 502 Bad Gateway")))
                .isFalse();
        assertThat(TransportFailures.isLastingRefusal(
                        new TransportException(TransportException.Kind.FAILED, "connection refused", null, null)))
                .isFalse();
        assertThat(TransportFailures.failed("connect to tcp://b:1883 as d", null, wrapped, MqttProtocol.MQTT_5))
                .hasMessage("connect to tcp://b:1883 as d failed: the HTTP proxy proxy:3128 refused the tunnel to"
                        + " b:1883: HTTP/1.1 407 Proxy Authentication Required (the proxy requires authentication:"
                        + " give httpProxy a username and password)");
    }

    /** Connects, loses the connection, and fails the first reconnect with the proxy's status: the delay after it. */
    private long secondDelay(int status, String statusLine) {
        FailingTransport transport = new FailingTransport(refusal(status, statusLine));
        ConnectionLoop loop = new ConnectionLoop(
                transport.transport,
                POLICY,
                scheduler,
                new ConnectionLoop.Listener() {
                    @Override
                    public void up(ConnAck connAck, boolean reconnect) {}

                    @Override
                    public void down(Throwable cause) {}
                },
                error -> TransportFailures.failed("connect", null, error, MqttProtocol.MQTT_5));
        assertThat(loop.connect()).isCompleted();
        loop.lost(new RuntimeException("gone"));
        Runnable firstReconnect = scheduler.takeReconnect();
        assertThat(scheduler.lastReconnectDelay).as("the first delay").isBetween(500L, 1_000L);
        firstReconnect.run();
        assertThat(transport.attempts).isEqualTo(2);
        scheduler.takeReconnect();
        return scheduler.lastReconnectDelay;
    }

    private static TransportException refusal(int status, String statusLine) {
        HttpProxyException refused = HttpProxyException.refused(PROXY, "b:1883", status, statusLine, null, null);
        return new TransportException(TransportException.Kind.FAILED, refused.getMessage(), null, refused);
    }

    /** Records what is scheduled instead of running it; the attempt timeouts are told apart by their delay. */
    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        private final List<Runnable> reconnects = new ArrayList<>();
        private long lastReconnectDelay = -1;

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            long millis = unit.toMillis(delay);
            if (millis != TIMEOUT.toMillis()) {
                reconnects.add(task);
                lastReconnectDelay = millis;
            }
            return super.schedule(() -> {}, 1, TimeUnit.DAYS);
        }

        Runnable takeReconnect() {
            assertThat(reconnects).as("a reconnect was scheduled").hasSize(1);
            return reconnects.remove(0);
        }
    }

    /**
     * A transport that connects the first time and then fails every attempt with the given failure; it answers only
     * what the loop asks of a transport (a stand-in made as a dynamic proxy, since the rest goes unused).
     */
    private static final class FailingTransport {
        private final Throwable failure;
        private final MqttTransport transport;
        private int attempts;

        FailingTransport(Throwable failure) {
            this.failure = failure;
            this.transport = (MqttTransport) Proxy.newProxyInstance(
                    MqttTransport.class.getClassLoader(),
                    new Class<?>[] {MqttTransport.class},
                    (self, method, args) -> answer(method.getName()));
        }

        private Object answer(String method) {
            switch (method) {
                case "connect":
                    return ++attempts == 1
                            ? CompletableFuture.completedFuture(ConnAck.of(false))
                            : CompletableFuture.failedFuture(failure);
                case "ownerConnects":
                    return false;
                case "abort":
                    return null;
                case "toString":
                    return "failing transport";
                default:
                    return method; // the names the loop puts into its logs
            }
        }
    }
}
