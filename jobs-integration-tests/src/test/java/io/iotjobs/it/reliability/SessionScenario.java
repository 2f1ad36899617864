package io.iotjobs.it.reliability;

import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerPool;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.ServiceFixture;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What the session tests share: per test class, one broker of each kind with the class's settings and one
 * local service on each (closed by {@link Fixtures#close()} from the class's {@code @AfterAll}); per test, the
 * device, its proxy, an observer and the service in use, closed after each test (and the service's faults
 * reset).
 */
abstract class SessionScenario {

    /** The brokers and services of one test class. */
    static final class Fixtures implements AutoCloseable {
        private final BrokerPool brokers;
        private final Map<BrokerKind, ServiceFixture> services = new EnumMap<>(BrokerKind.class);

        Fixtures(BrokerSettings settings) {
            brokers = new BrokerPool(settings);
        }

        /** The broker of this kind (started on first use; skipped when unavailable). */
        Broker broker(BrokerKind kind) {
            return brokers.get(kind);
        }

        /** The local service on the broker of this kind (started on first use). */
        synchronized ServiceFixture service(BrokerKind kind) {
            return services.computeIfAbsent(kind, k -> ServiceFixture.start(brokers.get(k)));
        }

        @Override
        public synchronized void close() {
            services.values().forEach(ServiceFixture::close);
            brokers.close();
        }
    }

    Device device;
    TcpProxy proxy;
    RawMqttClient observer;
    ServiceFixture service;

    @AfterEach
    void closeClients() {
        if (service != null) {
            service.faults().reset();
        }
        if (observer != null) {
            observer.close();
        }
        if (device != null) {
            device.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
