package dev.sluice.adapters.gateway.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on a raw socket that counts the connections it accepted and those still open, so a test
 * can see from the provider's side whether the gateway released a connection. A connection counts as
 * closed when the gateway closes it (the provider reads end-of-stream). Paths pick the behaviour:
 * {@code /ok} and {@code /error} answer whole and keep the connection alive; {@code /hang} never
 * answers; {@code /stream} sends an event every 100 ms for up to a minute; {@code /cut} sends one
 * event and then drops the connection.
 */
final class CountingUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final java.util.List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CountingUpstream() throws IOException {
        server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        acceptor = daemon(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** Every request head received, as sent. */
    java.util.List<String> heads() {
        return heads;
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return open.size();
    }

    /** Waits up to {@code within} for the open count to fall to {@code expected}; returns the last count. */
    int awaitOpen(int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (open.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return open.size();
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "counting-upstream");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                daemon(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String path = readRequest(in, heads);
                if (path == null) {
                    return;
                }
                switch (path) {
                    case "/ok" -> whole(out, "200 OK", "{\"ok\":true}");
                    case "/error" -> whole(out, "500 Internal Server Error", "{\"error\":\"boom\"}");
                    case "/hang" -> {
                        awaitClose(socket, in, Duration.ofSeconds(60));
                        return;
                    }
                    case "/stream" -> {
                        stream(socket, in, out);
                        return;
                    }
                    case "/cut" -> {
                        out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                                + "transfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        chunk(out, "data: first\n\n");
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    case "/short" -> {
                        out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
                                + "{\"a\":1").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    default -> whole(out, "404 Not Found", "{}");
                }
            }
        } catch (IOException gone) {
            // the gateway closed the connection
        } finally {
            open.remove(socket);
        }
    }

    private static void whole(OutputStream out, String status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void stream(Socket socket, InputStream in, OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 600; i++) {
            chunk(out, "data: " + i + "\n\n");
            if (awaitClose(socket, in, Duration.ofMillis(100))) {
                return;
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** True when the gateway closed the connection within {@code wait}. */
    private static boolean awaitClose(Socket socket, InputStream in, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } finally {
            socket.setSoTimeout(0);
        }
    }

    /** The request line's path, after reading the head and any content-length body; null at end of stream. */
    private static String readRequest(InputStream in, java.util.List<String> heads) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        heads.add(head.toString(StandardCharsets.US_ASCII));
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        long length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
        String path = lines[0].split(" ")[1];
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        acceptor.interrupt();
    }
}
