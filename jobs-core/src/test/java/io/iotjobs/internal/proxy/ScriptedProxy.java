package io.iotjobs.internal.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP proxy on the loopback interface for the {@code CONNECT} tests: for each {@link #answerOnce} it accepts
 * one connection on a background thread, reads the request head, writes the scripted answer one chunk per write
 * (flushed each), and then either relays the tunnel to a port on the loopback interface or echoes what it receives.
 */
final class ScriptedProxy implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-proxy");
        t.setDaemon(true);
        return t;
    });

    ScriptedProxy() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Serves one connection.
     *
     * @param answer the chunks of the answer, written one by one
     * @param relayPort where to relay the tunnel afterwards, 0 to echo what arrives, -1 to close
     * @return the request head the client sent
     */
    CompletableFuture<String> answerOnce(List<String> answer, int relayPort) {
        CompletableFuture<String> request = new CompletableFuture<>();
        threads.execute(() -> {
            try (Socket client = server.accept()) {
                client.setSoTimeout(READ_TIMEOUT_MILLIS);
                request.complete(head(client.getInputStream()));
                OutputStream out = client.getOutputStream();
                for (String chunk : answer) {
                    out.write(chunk.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (relayPort > 0) {
                    relay(client, relayPort);
                } else if (relayPort == 0) {
                    client.getInputStream().transferTo(out);
                }
            } catch (IOException | RuntimeException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    private void relay(Socket client, int port) throws IOException {
        try (Socket target = new Socket()) {
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
            CompletableFuture<Void> up = CompletableFuture.runAsync(() -> copy(client, target), threads);
            copy(target, client);
            up.join();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: the tunnel ends
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        threads.shutdownNow();
        server.close();
    }
}
