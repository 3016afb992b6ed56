package dev.sluice.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice as its own process, stopped by SIGTERM as an orchestrator stops it. That path differs from a context closed
 * in process: Micronaut's server closes its WebSocket channels before any graceful shutdown is told. A WebSocket's
 * stream under way still runs to its end, a new request on it is refused (2116), and it is closed with 1001; a call
 * whose provider has not answered as the grace ends is answered 503 (2116). Every one of them is logged.
 */
class SigtermEndToEndTest {

    private static final Pattern PORT = Pattern.compile("Server Running: http://[^:]+:(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void aStopFinishesAWebSocketsStreamRefusesItsNewRequestsAndAnswersAnUnansweredCall() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (EventStreamUpstream upstream = new EventStreamUpstream().stream("/", events -> {
            events.send("data: {\"n\":0}\n\n");
            streaming.countDown();
            proceed.await(30, TimeUnit.SECONDS);
            events.send("data: {\"n\":1}\n\n");
            events.send("data: [DONE]\n\n");
        }); ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            accept(silent, held);
            Process sluice = start("-Dmicronaut.lifecycle.graceful-shutdown.grace-period=4s",
                    "-Dsluice.providers.custom-up.base-url=" + upstream.baseUrl(),
                    "-Dsluice.providers.custom-silent.base-url=http://127.0.0.1:" + silent.getLocalPort() + "/");
            try {
                int port = port();
                BlockingQueue<String> messages = new LinkedBlockingQueue<>();
                CompletableFuture<Integer> closed = new CompletableFuture<>();
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                        URI.create("ws://127.0.0.1:" + port + "/v1/local/default"), listener(messages, closed))
                        .get(10, TimeUnit.SECONDS);
                socket.sendText(create("before"), true).get(5, TimeUnit.SECONDS);
                assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(messages.poll(10, TimeUnit.SECONDS)).contains("universal.created");
                CompletableFuture<HttpResponse<String>> unanswered = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/local/default/custom-silent/chat"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitHeld(held);

                sluice.destroy();
                awaitRefused(port);
                socket.sendText(create("after"), true).get(5, TimeUnit.SECONDS);
                String refusal;
                do {
                    refusal = messages.poll(10, TimeUnit.SECONDS);
                } while (refusal != null && refusal.contains("universal.stream"));
                assertThat(refusal).contains("universal.error").contains("\"after\"").contains("2116");
                // The stream outlasts the stop's later closes of the same socket (the graceful shutdown's, per connection).
                Thread.sleep(1500);
                assertThat(closed).as("still open while its stream runs").isNotDone();
                proceed.countDown();

                List<String> rest = new ArrayList<>();
                while (!closed.isDone() || !messages.isEmpty()) {
                    String message = messages.poll(100, TimeUnit.MILLISECONDS);
                    if (message != null) {
                        rest.add(message);
                    }
                }
                assertThat(closed.get(10, TimeUnit.SECONDS)).as("1001, Going Away").isEqualTo(1001);
                assertThat(rest.get(rest.size() - 1)).contains("universal.done").contains("\"before\"");
                HttpResponse<String> given = unanswered.get(10, TimeUnit.SECONDS);
                assertThat(given.statusCode()).isEqualTo(503);
                assertThat(given.body()).contains("\"code\":2116");
                assertThat(sluice.waitFor(30, TimeUnit.SECONDS)).as("Sluice stopped").isTrue();
            } finally {
                sluice.destroyForcibly();
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("logs.db").toAbsolutePath());
             ResultSet logged = db.createStatement().executeQuery(
                     "select status_code, success from logs order by status_code")) {
            List<String> entries = new ArrayList<>();
            while (logged.next()) {
                entries.add(logged.getInt(1) + " " + logged.getBoolean(2));
            }
            assertThat(entries).containsExactly("200 true", "503 false");
        }
    }

    private Process start(String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dmicronaut.server.port=-1", "-Dsluice.data-dir=" + dataDir,
                "-Dsluice.admin-token=" + SluiceClient.ADMIN));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("sluice.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_") || name.startsWith("MICRONAUT_"));
        return builder.start();
    }

    /** The port the process listens on, once it has started. */
    private int port() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Path log = dataDir.resolve("sluice.log");
            Matcher running = PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (running.find()) {
                return Integer.parseInt(running.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Sluice did not start: " + Files.readString(dataDir.resolve("sluice.log")));
    }

    private static void accept(ServerSocket silent, List<Socket> held) {
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void awaitHeld(List<Socket> held) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(held).as("the call reached the silent provider").isNotEmpty();
    }

    /** Waits until the server takes no new connection: its stop has begun. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(20);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server still took connections 10 s after SIGTERM");
    }

    private static WebSocket.Listener listener(BlockingQueue<String> messages, CompletableFuture<Integer> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
    }

    private static String create(String eventId) {
        return "{\"type\":\"universal.create\",\"request\":{\"eventId\":\"" + eventId + "\",\"provider\":\"custom-up\","
                + "\"endpoint\":\"chat\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"query\":{\"stream\":true}}}";
    }
}
