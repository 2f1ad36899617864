package io.iotjobs.it.hivemq;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that speaks just enough MQTT (3.1.1 or 5, whichever the client's CONNECT asks for) to answer
 * with chosen codes, for the refusals a real broker is hard to make give: the CONNACK's, the SUBACK's and the
 * PUBACK's. It can also stay silent after accepting (a server that never answers), and drop its connections (a
 * lost connection). Each connection runs on a thread of its own; {@link #close()} ends them.
 */
final class ScriptedBroker implements AutoCloseable {

    /** A CONNACK code that means "never answer the CONNECT". */
    static final int SILENT = -1;

    private final int connackCode;
    private final int subackCode;
    private final int pubackCode;
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scripted-broker");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts listening on 127.0.0.1.
     *
     * @param connackCode the CONNACK's reason (MQTT 5) or return code (3.1.1), 0 to accept, or {@link #SILENT}
     * @param subackCode the code of every SUBACK
     * @param pubackCode the reason code of every MQTT 5 PUBACK (3.1.1 PUBACKs carry none)
     */
    ScriptedBroker(int connackCode, int subackCode, int pubackCode) throws IOException {
        this.connackCode = connackCode;
        this.subackCode = subackCode;
        this.pubackCode = pubackCode;
        this.server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Closes every open connection, as a failing network would. */
    void dropConnections() throws IOException {
        for (Socket socket : connections) {
            socket.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                accepted.incrementAndGet();
                threads.execute(() -> serve(socket));
            }
        } catch (IOException closed) {
            // the server socket was closed
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean mqtt5 = false;
            while (true) {
                int type = in.readUnsignedByte();
                byte[] body = new byte[remainingLength(in)];
                in.readFully(body);
                switch (type >> 4) {
                    case 1: // CONNECT: protocol name (length-prefixed), then the protocol level
                        mqtt5 = body[2 + ((body[0] & 0xff) << 8 | body[1] & 0xff)] == 5;
                        if (connackCode == SILENT) {
                            break;
                        }
                        write(
                                out,
                                0x20,
                                mqtt5 ? new byte[] {0, (byte) connackCode, 0} : new byte[] {0, (byte) connackCode});
                        if (connackCode != 0) {
                            return;
                        }
                        break;
                    case 3: // PUBLISH: QoS 1 gets its PUBACK
                        if ((type & 0x06) != 0) {
                            int topicLength = (body[0] & 0xff) << 8 | body[1] & 0xff;
                            byte high = body[2 + topicLength];
                            byte low = body[3 + topicLength];
                            write(
                                    out,
                                    0x40,
                                    mqtt5 ? new byte[] {high, low, (byte) pubackCode, 0} : new byte[] {high, low});
                        }
                        break;
                    case 8: // SUBSCRIBE
                        write(
                                out,
                                0x90,
                                mqtt5
                                        ? new byte[] {body[0], body[1], 0, (byte) subackCode}
                                        : new byte[] {body[0], body[1], (byte) subackCode});
                        break;
                    case 10: // UNSUBSCRIBE
                        write(out, 0xb0, mqtt5 ? new byte[] {body[0], body[1], 0, 0} : new byte[] {body[0], body[1]});
                        break;
                    case 12: // PINGREQ
                        write(out, 0xd0, new byte[0]);
                        break;
                    case 14: // DISCONNECT
                        return;
                    default:
                        break;
                }
            }
        } catch (EOFException | java.net.SocketException gone) {
            // the client or dropConnections() closed it
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            connections.remove(socket);
        }
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value |= (digit & 0x7f) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static void write(OutputStream out, int type, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(type);
        packet.write(body.length); // every answer here is shorter than 128 bytes
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
        threads.shutdownNow();
    }
}
