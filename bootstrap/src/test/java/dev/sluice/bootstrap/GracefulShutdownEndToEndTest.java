package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping Sluice lets a stream already in flight finish instead of cutting it off, and answers a call its
 * provider has not answered by the grace period's end with its own 503, logged. A WebSocket takes no new request
 * once the stop begins, and says goodbye (1001) once its answers under way are written.
 */
class GracefulShutdownEndToEndTest {

    @TempDir
    Path dataDir;
    private EventStreamUpstream upstream;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aStreamInFlightAtShutdownArrivesWhole() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        upstream = new EventStreamUpstream().stream("/", events -> {
            for (int i = 0; i < 3; i++) {
                events.send("data: " + i + "\n\n");
                streaming.countDown();
                Thread.sleep(400);
            }
        });
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.providers.custom-up.base-url", upstream.baseUrl()));

        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(server.getURI() + "/v1/local/default/custom-up/chat"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
        server.getApplicationContext().close();

        HttpResponse<String> answered = response.get(10, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
    }

    @Test
    void aCallStillUnansweredAsTheGraceEndsIsAnswered503AndLogged() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", -1,
                    "micronaut.lifecycle.graceful-shutdown.grace-period", "2s",
                    "sluice.data-dir", dataDir.toString(),
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.providers.custom-silent.base-url", "http://127.0.0.1:" + silent.getLocalPort() + "/"));
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(
                                URI.create(server.getURI() + "/v1/local/default/custom-silent/chat"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (held.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(held).hasSize(3);
            server.getApplicationContext().close();

            for (CompletableFuture<HttpResponse<String>> each : sent) {
                HttpResponse<String> answered = each.get(10, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(503);
                assertThat(answered.body()).contains("\"code\":2116");
                assertThat(answered.headers().firstValue("retry-after")).hasValue("1");
                assertThat(answered.headers().firstValue("cf-aig-log-id")).isPresent();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("logs.db").toAbsolutePath());
             ResultSet logged = db.createStatement().executeQuery(
                     "select count(*), min(status_code), max(status_code), max(success) from logs")) {
            assertThat(logged.next()).isTrue();
            assertThat(logged.getInt(1)).isEqualTo(3);
            assertThat(logged.getInt(2)).isEqualTo(503);
            assertThat(logged.getInt(3)).isEqualTo(503);
            assertThat(logged.getInt(4)).isZero();
        }
    }

    @Test
    void aWebSocketFinishesItsAnswersUnderWayRefusesNewOnesAndThenSaysGoingAway() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        upstream = new EventStreamUpstream().stream("/", events -> {
            events.send("data: {\"n\":0}\n\n");
            streaming.countDown();
            proceed.await(20, TimeUnit.SECONDS);
            for (int i = 1; i < 4; i++) {
                events.send("data: {\"n\":" + i + "}\n\n");
                Thread.sleep(100);
            }
            events.send("data: [DONE]\n\n");
        });
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "micronaut.lifecycle.graceful-shutdown.grace-period", "10s",
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.providers.custom-up.base-url", upstream.baseUrl()));
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.getPort() + "/v1/local/default"), new WebSocket.Listener() {
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
                }).get(10, TimeUnit.SECONDS);
        socket.sendText(create("before"), true).get(5, TimeUnit.SECONDS);
        assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(messages.poll(5, TimeUnit.SECONDS)).contains("universal.created");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.getApplicationContext().close());
        awaitRefused(server.getPort());
        socket.sendText(create("after"), true).get(5, TimeUnit.SECONDS);
        String refusal;
        do {
            refusal = messages.poll(10, TimeUnit.SECONDS);
        } while (refusal != null && refusal.contains("universal.stream"));
        assertThat(refusal).contains("universal.error").contains("\"after\"").contains("2116");
        proceed.countDown();

        List<String> rest = new ArrayList<>();
        while (!closed.isDone() || !messages.isEmpty()) {
            String message = messages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                rest.add(message);
            }
        }
        assertThat(closed.get(10, TimeUnit.SECONDS)).as("1001, Going Away").isEqualTo(1001);
        assertThat(rest.stream().filter(message -> message.contains("universal.stream"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rest.get(rest.size() - 1)).contains("universal.done").contains("\"before\"");
        stopped.get(20, TimeUnit.SECONDS);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("logs.db").toAbsolutePath());
             ResultSet logged = db.createStatement().executeQuery("select status_code, success, duration from logs")) {
            List<String> entries = new ArrayList<>();
            while (logged.next()) {
                entries.add(logged.getInt(1) + " " + logged.getBoolean(2) + " " + logged.getLong(3) + " ms");
            }
            assertThat(entries).as("the stream's one entry, whole").hasSize(1).allMatch(entry -> entry.startsWith("200 true"));
        }
    }

    /** Waits until the server takes no new connection: its stop has begun, and the stop's participants were told. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(20);
            } catch (java.io.IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server still took connections 10 s after its stop began");
    }

    private static String create(String eventId) {
        return "{\"type\":\"universal.create\",\"request\":{\"eventId\":\"" + eventId + "\",\"provider\":\"custom-up\","
                + "\"endpoint\":\"chat\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"query\":{\"stream\":true}}}";
    }

    /**
     * The WebSocket goodbye relies on being told of the stop before the server's listener closes its connections: the
     * stop is told to its participants in the manager's order, highest precedence first.
     */
    @Test
    void theStopIsToldOfTheShutdownBeforeTheServerClosesItsConnections() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN)).getApplicationContext()) {
            var delegates = GracefulShutdownManager.class.getDeclaredField("delegates");
            delegates.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<GracefulShutdownCapable> told = (List<GracefulShutdownCapable>) delegates.get(
                    context.getBean(GracefulShutdownManager.class));
            List<String> names = told.stream().map(each -> each.getClass().getSimpleName()).toList();
            assertThat(names).contains("ServerStopping", "NettyHttpServer");
            assertThat(names.indexOf("ServerStopping")).isLessThan(names.indexOf("NettyHttpServer"));
        }
    }
}
