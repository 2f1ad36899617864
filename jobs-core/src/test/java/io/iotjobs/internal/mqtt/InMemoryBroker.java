package io.iotjobs.internal.mqtt;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.internal.protocol.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT broker in memory, for tests without a network: clients are {@link Client}s, real
 * {@link ManagedConnection}s over an in-memory {@link MqttTransport} with its own delivery thread (as every MQTT
 * library has). It counts the packets each client sends, can withhold PUBACKs, refuse subscriptions, and drop and
 * restore connections with or without the session.
 */
public final class InMemoryBroker implements AutoCloseable {

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Integer> refusedFilters = new ConcurrentHashMap<>();
    private volatile boolean copyPerSubscription;
    private volatile boolean subscriptionIds = true;

    /**
     * Connects a new client.
     *
     * @param clientId the client id
     * @return the connected client
     */
    public Client connect(String clientId) {
        return connect(clientId, ConnectPolicy.DEFAULT);
    }

    /**
     * Connects a new client whose connection has a policy (its offline queue).
     *
     * @param clientId the client id
     * @param policy the connection's policy
     * @return the connected client
     */
    public Client connect(String clientId, ConnectPolicy policy) {
        Client client = new Client(clientId, policy);
        clients.put(clientId, client);
        client.runOnDelivery(() -> client.events.onConnectedByOwner(Optional.of(connAck(false)))).join();
        return client;
    }

    private ConnAck connAck(boolean sessionPresent) {
        return new ConnAck(sessionPresent, OptionalInt.empty(), OptionalInt.empty(), subscriptionIds);
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

    /**
     * Makes the broker send a client one copy of a message per matching subscription, each marked with its
     * subscription identifier (as Mosquitto does), instead of one copy carrying every identifier (as HiveMQ does).
     *
     * @param enabled the flag
     */
    public void copyPerSubscription(boolean enabled) {
        copyPerSubscription = enabled;
    }

    /**
     * Whether CONNACKs say that subscription identifiers are available (default true).
     *
     * @param available the flag
     */
    public void subscriptionIdentifiers(boolean available) {
        subscriptionIds = available;
    }

    private void route(Client from, String topic, byte[] payload, Qos qos) {
        for (Client client : clients.values()) {
            List<int[]> copies = new ArrayList<>();
            synchronized (client.brokerSide) {
                int deliveredQos = -1;
                List<Integer> ids = new ArrayList<>();
                for (Map.Entry<String, SubscribeOptions> sub : client.brokerSide.entrySet()) {
                    if (sub.getValue().noLocal() && client == from || !Topics.matches(sub.getKey(), topic)) {
                        continue;
                    }
                    int subQos = Math.min(qos.level(), sub.getValue().qos().level());
                    int id = client.brokerIds.getOrDefault(sub.getKey(), 0);
                    if (copyPerSubscription) {
                        copies.add(id > 0 ? new int[] {subQos, id} : new int[] {subQos});
                    } else {
                        deliveredQos = Math.max(deliveredQos, subQos);
                        if (id > 0) {
                            ids.add(id);
                        }
                    }
                }
                if (!copyPerSubscription && deliveredQos >= 0) {
                    int[] copy = new int[ids.size() + 1];
                    copy[0] = deliveredQos;
                    for (int i = 0; i < ids.size(); i++) {
                        copy[i + 1] = ids.get(i);
                    }
                    copies.add(copy);
                }
                if (copies.isEmpty()) {
                    continue;
                }
                if (!client.online) {
                    for (int[] copy : copies) {
                        if (copy[0] == 1) {
                            client.offlineQueue.add(new Object[] {topic, payload, copy});
                        }
                    }
                    continue;
                }
            }
            for (int[] copy : copies) {
                client.runOnDelivery(() -> client.deliver(topic, payload, copy));
            }
        }
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        clients.clear();
    }

    /** One client connection of the in-memory broker. */
    public final class Client implements Transport {
        private final String clientId;
        private final ExecutorService delivery;
        private final Map<String, SubscribeOptions> brokerSide = new LinkedHashMap<>();
        private final Map<String, Integer> brokerIds = new LinkedHashMap<>();
        private final List<Object[]> offlineQueue = new ArrayList<>();
        private final List<String> published = new CopyOnWriteArrayList<>();
        private final AtomicInteger publishes = new AtomicInteger();
        private final AtomicInteger subscribes = new AtomicInteger();
        private final AtomicInteger unsubscribes = new AtomicInteger();
        private final List<Runnable> heldAcks = new ArrayList<>();
        private final ManagedConnection connection;
        private volatile TransportEvents events;
        private volatile boolean online = true;
        private boolean holdAcks;

        Client(String clientId, ConnectPolicy policy) {
            this.clientId = clientId;
            this.delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "inmem-delivery-" + clientId);
                t.setDaemon(true);
                return t;
            });
            this.connection = new ManagedConnection(new Driver(), policy);
        }

        CompletableFuture<Void> runOnDelivery(Runnable action) {
            return CompletableFuture.runAsync(action, delivery);
        }

        /** Delivers a copy: its QoS, then the subscription identifiers it carries. */
        void deliver(String topic, byte[] payload, int[] copy) {
            int[] ids = java.util.Arrays.copyOfRange(copy, 1, copy.length);
            events.onMessage(topic, payload, copy[0] == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE, false, ids);
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
            return connection.publish(topic, payload, qos);
        }

        @Override
        public CompletableFuture<TransportSubscription> subscribe(String filter, SubscribeOptions options,
                MessageListener listener) {
            return connection.subscribe(filter, options, listener);
        }

        @Override
        public void addConnectionListener(ConnectionListener listener) {
            connection.addConnectionListener(listener);
        }

        @Override
        public void removeConnectionListener(ConnectionListener listener) {
            connection.removeConnectionListener(listener);
        }

        @Override
        public boolean isConnected() {
            return connection.isConnected();
        }

        @Override
        public String name() {
            return clientId;
        }

        /**
         * The connection under test.
         *
         * @return the connection
         */
        public ManagedConnection connection() {
            return connection;
        }

        /**
         * The filters the connection holds for its listeners.
         *
         * @return the filters
         */
        public List<String> subscribedFilters() {
            return connection.subscribedFilters();
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
            connection.window(receiveMaximum);
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
            runOnDelivery(() -> events.onConnectionLost(cause)).join();
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
                    brokerIds.clear();
                    offlineQueue.clear();
                }
                queued = new ArrayList<>(offlineQueue);
                offlineQueue.clear();
            }
            runOnDelivery(() -> events.onConnectedByOwner(Optional.of(connAck(keepSession)))).join();
            for (Object[] message : queued) {
                runOnDelivery(() -> deliver((String) message[0], (byte[]) message[1], (int[]) message[2]));
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
            connection.close();
            clients.remove(clientId);
            delivery.shutdown();
            try {
                delivery.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The in-memory library client: sends to the broker, acknowledges on the delivery thread. */
        private final class Driver implements MqttTransport {
            @Override
            public String name() {
                return "in-memory";
            }

            @Override
            public MqttProtocol protocol() {
                return MqttProtocol.MQTT_5;
            }

            @Override
            public String clientId() {
                return clientId;
            }

            @Override
            public String serverUri() {
                return "memory://" + clientId;
            }

            @Override
            public boolean ownerConnects() {
                return true;
            }

            @Override
            public boolean isConnected() {
                return false;
            }

            @Override
            public int inFlightLimit() {
                return Integer.MAX_VALUE;
            }

            @Override
            public void start(TransportEvents transportEvents) {
                events = transportEvents;
            }

            @Override
            public CompletableFuture<ConnAck> connect() {
                throw new UnsupportedOperationException("the test connects in-memory clients");
            }

            @Override
            public void abort() {
            }

            @Override
            public CompletableFuture<Void> disconnect() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
                publishes.incrementAndGet();
                published.add(topic);
                route(Client.this, topic, payload, qos);
                CompletableFuture<Void> acked = new CompletableFuture<>();
                Runnable ack = () -> runOnDelivery(() -> acked.complete(null));
                synchronized (heldAcks) {
                    if (holdAcks && qos == Qos.AT_LEAST_ONCE) {
                        heldAcks.add(ack);
                        return acked;
                    }
                }
                ack.run();
                return acked;
            }

            @Override
            public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
                subscribes.incrementAndGet();
                Integer refusal = refusedFilters.get(filter);
                if (refusal != null) {
                    return CompletableFuture.failedFuture(TransportException.refused("SUBACK", refusal));
                }
                synchronized (brokerSide) {
                    brokerSide.put(filter, SubscribeOptions.of(qos, noLocal));
                    brokerIds.put(filter, subscriptionId);
                }
                return runOnDelivery(() -> { }).thenApply(v -> qos);
            }

            @Override
            public CompletableFuture<Void> unsubscribe(String filter) {
                unsubscribes.incrementAndGet();
                synchronized (brokerSide) {
                    brokerSide.remove(filter);
                }
                return runOnDelivery(() -> { });
            }

            @Override
            public void close() {
            }
        }
    }
}
