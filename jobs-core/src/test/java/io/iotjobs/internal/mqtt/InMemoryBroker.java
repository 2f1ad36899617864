package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT broker in memory, for tests without a network: clients are {@link Client} transports running the
 * real {@link AbstractTransport} logic, each with its own delivery thread (as Paho has). It counts the
 * packets each client sends, can withhold PUBACKs, refuse subscriptions, and drop and restore connections
 * with or without the session.
 */
public final class InMemoryBroker implements AutoCloseable {

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Integer> refusedFilters = new ConcurrentHashMap<>();

    /**
     * Connects a new client.
     *
     * @param clientId the client id
     * @return the connected client
     */
    public Client connect(String clientId) {
        Client client = new Client(clientId);
        clients.put(clientId, client);
        client.runOnDelivery(() -> client.connected(false)).join();
        return client;
    }

    /**
     * Makes SUBSCRIBEs to a filter fail with a reason code (e.g. 0x87 not authorized).
     *
     * @param filter the filter
     * @param reasonCode the SUBACK reason code
     */
    public void refuseSubscriptions(String filter, int reasonCode) {
        refusedFilters.put(filter, reasonCode);
    }

    /** Lets refused filters be subscribed again. */
    public void allowAllSubscriptions() {
        refusedFilters.clear();
    }

    private void route(Client from, String topic, byte[] payload, Qos qos) {
        for (Client client : clients.values()) {
            int deliveredQos = -1;
            synchronized (client.brokerSide) {
                for (Map.Entry<String, SubscribeOptions> sub : client.brokerSide.entrySet()) {
                    if (sub.getValue().noLocal() && client == from) {
                        continue;
                    }
                    if (Topics.matches(sub.getKey(), topic)) {
                        deliveredQos = Math.max(deliveredQos, Math.min(qos.level(), sub.getValue().qos().level()));
                    }
                }
                if (deliveredQos < 0) {
                    continue;
                }
                if (!client.online) {
                    if (deliveredQos == 1) {
                        client.offlineQueue.add(new Object[] {topic, payload, deliveredQos});
                    }
                    continue;
                }
            }
            int q = deliveredQos;
            client.runOnDelivery(() -> client.deliver(topic, payload, q));
        }
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        clients.clear();
    }

    /** One client connection of the in-memory broker. */
    public final class Client extends AbstractTransport {
        private final String clientId;
        private final ExecutorService delivery;
        private final Map<String, SubscribeOptions> brokerSide = new LinkedHashMap<>();
        private final List<Object[]> offlineQueue = new ArrayList<>();
        private final List<String> published = new CopyOnWriteArrayList<>();
        private final AtomicInteger publishes = new AtomicInteger();
        private final AtomicInteger subscribes = new AtomicInteger();
        private final AtomicInteger unsubscribes = new AtomicInteger();
        private final List<Runnable> heldAcks = new ArrayList<>();
        private volatile boolean online = true;
        private boolean holdAcks;

        Client(String clientId) {
            this.clientId = clientId;
            this.delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "inmem-delivery-" + clientId);
                t.setDaemon(true);
                return t;
            });
        }

        CompletableFuture<Void> runOnDelivery(Runnable action) {
            return CompletableFuture.runAsync(action, delivery);
        }

        void deliver(String topic, byte[] payload, int qos) {
            messageArrived(topic, payload, qos);
        }

        @Override
        protected void sendPublish(String topic, byte[] payload, Qos qos, PublishCallback callback) {
            publishes.incrementAndGet();
            published.add(topic);
            route(this, topic, payload, qos);
            Runnable ack = () -> runOnDelivery(callback::sent);
            synchronized (heldAcks) {
                if (holdAcks && qos == Qos.AT_LEAST_ONCE) {
                    heldAcks.add(ack);
                    return;
                }
            }
            ack.run();
        }

        @Override
        protected CompletableFuture<Void> sendSubscribe(String filter, SubscribeOptions options) {
            subscribes.incrementAndGet();
            Integer refusal = refusedFilters.get(filter);
            if (refusal != null) {
                return CompletableFuture.failedFuture(new JobsTransportException("SUBACK refused " + filter
                        + " with reason code 0x" + Integer.toHexString(refusal), filter, refusal, false, null));
            }
            synchronized (brokerSide) {
                brokerSide.put(filter, options);
            }
            return runOnDelivery(() -> { });
        }

        @Override
        protected CompletableFuture<Void> sendUnsubscribe(String filter) {
            unsubscribes.incrementAndGet();
            synchronized (brokerSide) {
                brokerSide.remove(filter);
            }
            return runOnDelivery(() -> { });
        }

        @Override
        public String name() {
            return clientId;
        }

        /**
         * Withholds PUBACKs (QoS 1) until {@link #releaseAcks()}, so publishes stay in flight.
         */
        public void holdAcks() {
            synchronized (heldAcks) {
                holdAcks = true;
            }
        }

        /** Sends the withheld PUBACKs and stops withholding. */
        public void releaseAcks() {
            List<Runnable> acks;
            synchronized (heldAcks) {
                holdAcks = false;
                acks = new ArrayList<>(heldAcks);
                heldAcks.clear();
            }
            acks.forEach(Runnable::run);
        }

        /**
         * Sets the broker's receive maximum as if announced in CONNACK.
         *
         * @param receiveMaximum the window
         */
        public void receiveMaximum(int receiveMaximum) {
            setInFlightWindow(receiveMaximum);
        }

        /**
         * Drops the network connection (the client sees a connection loss).
         *
         * @param cause the cause reported
         */
        public void dropConnection(Throwable cause) {
            synchronized (brokerSide) {
                online = false;
            }
            runOnDelivery(() -> connectionLost(cause)).join();
        }

        /**
         * Restores the connection.
         *
         * @param keepSession whether the broker kept the session (subscriptions and queued QoS 1 messages)
         */
        public void restoreConnection(boolean keepSession) {
            List<Object[]> queued;
            synchronized (brokerSide) {
                online = true;
                if (!keepSession) {
                    brokerSide.clear();
                    offlineQueue.clear();
                }
                queued = new ArrayList<>(offlineQueue);
                offlineQueue.clear();
            }
            runOnDelivery(() -> connected(keepSession)).join();
            for (Object[] message : queued) {
                runOnDelivery(() -> deliver((String) message[0], (byte[]) message[1], (Integer) message[2]));
            }
            awaitDelivery();
        }

        /** Waits until everything queued on the delivery thread so far has run. */
        public void awaitDelivery() {
            runOnDelivery(() -> { }).join();
        }

        /**
         * PUBLISH packets sent by this client.
         *
         * @return the count
         */
        public int publishCount() {
            return publishes.get();
        }

        /**
         * Topics this client published to, in order.
         *
         * @return the topics
         */
        public List<String> publishedTopics() {
            return List.copyOf(published);
        }

        /**
         * SUBSCRIBE packets sent by this client.
         *
         * @return the count
         */
        public int subscribeCount() {
            return subscribes.get();
        }

        /**
         * UNSUBSCRIBE packets sent by this client.
         *
         * @return the count
         */
        public int unsubscribeCount() {
            return unsubscribes.get();
        }

        /**
         * The filters the broker holds for this client.
         *
         * @return the filters
         */
        public List<String> brokerFilters() {
            synchronized (brokerSide) {
                return List.copyOf(brokerSide.keySet());
            }
        }

        /** Closes the client. */
        public void close() {
            markClosed();
            clients.remove(clientId);
            delivery.shutdown();
            try {
                delivery.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
