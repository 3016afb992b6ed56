package dev.sluice.adapters.gateway.transport;

import javax.net.ssl.SSLContext;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on a raw socket that answers each request with the bytes scripted for its path, written at once
 * (so that what follows an answer arrives in the same read as its end), then, after a pause, any bytes scripted
 * to come late, on a connection the gateway may by then hold idle. Counts the connections it accepted, and keeps
 * the request heads it read. Over TLS when given a context.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What to write for one path: {@code now} at once, {@code late} (if not empty) after {@code pause}. */
    record Script(Duration delay, String now, Duration pause, String late) {

        Script(String now, Duration pause, String late) {
            this(Duration.ZERO, now, pause, late);
        }

        static Script of(String now) {
            return new Script(now, Duration.ZERO, "");
        }

        /** The same, {@code now} written only after {@code delay}. */
        Script after(Duration delay) {
            return new Script(delay, now, pause, late);
        }
    }

    private final ServerSocket server;
    private final String scheme;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    /** Paths whose next request is answered with these bytes (none, or part of an answer) and its connection closed. */
    private final Map<String, String> closeOnce = new ConcurrentHashMap<>();
    private final Map<String, Duration> closeAfter = new ConcurrentHashMap<>();

    ScriptedUpstream() throws IOException {
        this(null);
    }

    /** @param tls the server's TLS context, or null for plain HTTP */
    ScriptedUpstream(SSLContext tls) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = tls == null ? new ServerSocket(0, 100, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 100, loopback);
        scheme = tls == null ? "http" : "https";
        daemon(this::acceptLoop);
    }

    String baseUrl() {
        return scheme + "://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** Every request head read, as sent. */
    List<String> heads() {
        return heads;
    }

    void script(String path, Script script) {
        scripts.put(path, script);
    }

    /**
     * The next request for {@code path} gets {@code partial} (empty: nothing) and its connection is closed, as a
     * provider closing an idle connection just as the gateway reuses it; later ones get the path's script.
     */
    void closeOnce(String path, String partial) {
        closeOnce(path, partial, Duration.ZERO);
    }

    /** The same, after working on the request for {@code after}. */
    void closeOnce(String path, String partial, Duration after) {
        closeAfter.put(path, after);
        closeOnce.put(path, partial);
    }

    int accepted() {
        return accepted.get();
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "scripted-upstream");
        thread.setDaemon(true);
        thread.start();
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
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String path;
            while ((path = readRequest(in, heads)) != null) {
                String partial = closeOnce.remove(path);
                if (partial != null) {
                    Thread.sleep(closeAfter.getOrDefault(path, Duration.ZERO).toMillis());
                    out.write(partial.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                Script script = scripts.getOrDefault(path, Script.of(
                        "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
                Thread.sleep(script.delay().toMillis());
                out.write(script.now().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!script.late().isEmpty()) {
                    Thread.sleep(script.pause().toMillis());
                    out.write(script.late().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the gateway closed the connection
        } finally {
            open.remove(socket);
        }
    }

    /** The request line's path, after reading the head and any content-length body; null at end of stream. */
    private static String readRequest(InputStream in, List<String> heads) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        heads.add(head.toString(StandardCharsets.US_ASCII));
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return lines[0].split(" ")[1];
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    /** A whole {@code 200} answer with {@code body}, framed by its length. */
    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body;
    }
}
