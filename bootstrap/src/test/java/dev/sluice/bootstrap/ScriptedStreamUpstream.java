package dev.sluice.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every request with a chunked event stream of the given events (at once, or paced:
 * each written on its own after a wait), then either
 * ends it properly or drops the connection without the terminating chunk (a provider dying mid-answer);
 * with no events, it dies right after the response head.
 */
final class ScriptedStreamUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> events;
    private final boolean finish;
    private final long paceMillis;
    private final long silenceMillis;
    final AtomicInteger requests = new AtomicInteger();

    ScriptedStreamUpstream(List<String> events, boolean finish) throws IOException {
        this(events, finish, 0);
    }

    /** @param paceMillis how long it waits before each event after the first, writing each on its own */
    ScriptedStreamUpstream(List<String> events, boolean finish, long paceMillis) throws IOException {
        this(events, finish, paceMillis, 0);
    }

    /** @param silenceMillis how long it waits between its head and its first event */
    ScriptedStreamUpstream(List<String> events, boolean finish, long paceMillis, long silenceMillis)
            throws IOException {
        this.events = List.copyOf(events);
        this.finish = finish;
        this.paceMillis = paceMillis;
        this.silenceMillis = silenceMillis;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "scripted-stream-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.skip(length);
                requests.incrementAndGet();
                OutputStream stream = socket.getOutputStream();
                StringBuilder out = new StringBuilder("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                        + "transfer-encoding: chunked\r\n\r\n");
                if (silenceMillis > 0) {
                    stream.write(out.toString().getBytes(StandardCharsets.UTF_8));
                    stream.flush();
                    out.setLength(0);
                    Thread.sleep(silenceMillis);
                }
                for (int i = 0; i < events.size(); i++) {
                    String event = events.get(i);
                    out.append(Integer.toHexString(event.getBytes(StandardCharsets.UTF_8).length)).append("\r\n")
                            .append(event).append("\r\n");
                    if (paceMillis > 0) {
                        if (i > 0) {
                            Thread.sleep(paceMillis);
                        }
                        stream.write(out.toString().getBytes(StandardCharsets.UTF_8));
                        stream.flush();
                        out.setLength(0);
                    }
                }
                if (finish) {
                    out.append("0\r\n\r\n");
                }
                stream.write(out.toString().getBytes(StandardCharsets.UTF_8));
                stream.flush();
                Thread.sleep(50);
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
