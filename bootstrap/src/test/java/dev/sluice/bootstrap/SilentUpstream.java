package dev.sluice.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider that takes every connection and never answers: a call to it waits until it is given up. */
final class SilentUpstream implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentUpstream() throws IOException {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** Waits until {@code calls} connections have reached it. */
    void awaitHeld(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.size() < calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(held).as("calls that reached the silent provider").hasSize(calls);
    }

    /** Waits until the gateway has closed every connection that reached this provider (what it sent is read past). */
    void awaitAllClosed() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Socket socket : held) {
            socket.setSoTimeout(50);
            byte[] sink = new byte[8192];
            while (true) {
                try {
                    if (socket.getInputStream().read(sink) < 0) {
                        break;
                    }
                } catch (java.net.SocketTimeoutException open) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the gateway kept its connection to the silent provider open");
                    }
                } catch (java.net.SocketException reset) {
                    break;
                }
            }
        }
    }

    /** Waits until the server on {@code port} takes no new connection: its stop has begun. */
    static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(20);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server still took connections 10 s after its stop began");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
