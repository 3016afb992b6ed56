package dev.sluice.bootstrap.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on a raw socket, so a test can do what an HTTP server library never does (reset a connection,
 * hang, trickle) and can count, from the provider's side, the connections opened and closed. A connection
 * counts as closed when its peer closes it (read returns -1 or fails) or when the behaviour closes it.
 */
final class RawUpstream implements AutoCloseable {

    /** What the provider does with one request, once its head and body have been read. */
    @FunctionalInterface
    interface Behaviour {
        void answer(Connection connection) throws Exception;
    }

    /** One accepted connection. */
    static final class Connection {
        final Socket socket;
        final OutputStream out;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Runnable onClose;

        private Connection(Socket socket, Runnable onClose) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.onClose = onClose;
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Writes one chunk of a chunked body. */
        void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            write(Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n");
        }

        /** An orderly close (FIN), whatever the answer promised. */
        void end() throws IOException {
            socket.close();
            markClosed();
        }

        /** A TCP reset: SO_LINGER 0 then close sends RST instead of FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
            markClosed();
        }

        boolean isClosed() {
            return closed.get();
        }

        /** Waits until the peer has closed the connection, at most {@code max}. */
        void awaitClosed(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (!closed.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        private void markClosed() {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Behaviour behaviour = connection -> connection.reset();

    RawUpstream() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "raw-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void behave(Behaviour next) {
        behaviour = next;
    }

    int accepted() {
        return accepted.get();
    }

    int requests() {
        return requests.get();
    }

    /** Connections accepted and not yet closed by either side. */
    int open() {
        return accepted.get() - closed.get();
    }

    /** A mark to count from: the connections accepted from now on. */
    int mark() {
        return connections.size();
    }

    /** Connections accepted since {@code mark} and not yet closed by either side. */
    int openSince(int mark) {
        int open = 0;
        for (Connection connection : connections.subList(mark, connections.size())) {
            open += connection.isClosed() ? 0 : 1;
        }
        return open;
    }

    /** Waits until no connection accepted since {@code mark} is open, at most {@code max}; returns how many still are. */
    int awaitNoneOpenSince(int mark, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (openSince(mark) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return openSince(mark);
    }

    /** How long after now the last connection accepted since {@code mark} closed (waiting at most {@code max}), or -1. */
    long millisUntilClosedSince(int mark, Duration max) throws InterruptedException {
        long started = System.nanoTime();
        return awaitNoneOpenSince(mark, max) == 0 ? (System.nanoTime() - started) / 1_000_000 : -1;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                Thread handler = new Thread(() -> handle(socket), "raw-upstream-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        Connection connection;
        try {
            connection = new Connection(socket, () -> {
                closed.incrementAndGet();
                sockets.remove(socket);
            });
        } catch (IOException e) {
            closed.incrementAndGet();
            return;
        }
        connections.add(connection);
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            // Read request after request (a kept-alive connection may carry more than one), answering each
            // on a thread of its own so that this thread, always reading, sees at once when the peer leaves.
            while (readRequest(in)) {
                requests.incrementAndGet();
                Thread answer = new Thread(() -> answer(connection), "raw-upstream-answer");
                answer.setDaemon(true);
                answer.start();
            }
        } catch (IOException e) {
            // reset by the peer, or closed by the behaviour
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        connection.markClosed();
    }

    private void answer(Connection connection) {
        try {
            behaviour.answer(connection);
        } catch (IOException e) {
            // The peer went away mid-answer: the reading thread records it.
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** Reads one request's head and body; {@code false} when the peer closed the connection instead. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
