package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        try (SilentUpstream silent = new SilentUpstream()) {
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", -1,
                    "micronaut.lifecycle.graceful-shutdown.grace-period", "2s",
                    "sluice.data-dir", dataDir.toString(),
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.providers.custom-silent.base-url", silent.baseUrl()));
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(
                                URI.create(server.getURI() + "/v1/local/default/custom-silent/chat"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            silent.awaitHeld(3);
            server.getApplicationContext().close();

            for (CompletableFuture<HttpResponse<String>> each : sent) {
                HttpResponse<String> answered = each.get(10, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(503);
                assertThat(answered.body()).contains("\"code\":2116");
                assertThat(answered.headers().firstValue("retry-after")).hasValue("1");
                assertThat(answered.headers().firstValue("cf-aig-log-id")).isPresent();
            }
        }
        assertThat(SluiceProcess.loggedEntries(dataDir)).containsExactly("503 false", "503 false", "503 false");
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
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.getPort() + "/v1/local/default"), inbox).get(10, TimeUnit.SECONDS);
        socket.sendText(streamed("before"), true).get(5, TimeUnit.SECONDS);
        assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.messages.poll(5, TimeUnit.SECONDS)).contains("universal.created");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.getApplicationContext().close());
        SilentUpstream.awaitRefused(server.getPort());

        List<String> rest = refusedThenRest(socket, inbox, proceed);
        assertThat(inbox.closed.get(10, TimeUnit.SECONDS)).as("1001, Going Away").isEqualTo(1001);
        assertThat(rest.stream().filter(message -> message.contains("universal.stream"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rest.get(rest.size() - 1)).contains("universal.done").contains("\"before\"");
        stopped.get(20, TimeUnit.SECONDS);
        assertThat(SluiceProcess.loggedEntries(dataDir)).as("the stream's one entry, whole").containsExactly("200 true");
    }

    /**
     * Sends a request on a socket whose server has begun to stop, checks it is refused with 2116, lets the stream under
     * way go on, and returns the messages that follow until the socket is closed.
     */
    static List<String> refusedThenRest(WebSocket socket, WebSocketInbox inbox, CountDownLatch proceed)
            throws Exception {
        socket.sendText(streamed("after"), true).get(5, TimeUnit.SECONDS);
        String refusal;
        do {
            refusal = inbox.messages.poll(10, TimeUnit.SECONDS);
        } while (refusal != null && refusal.contains("universal.stream"));
        assertThat(refusal).contains("universal.error").contains("\"after\"").contains("2116");
        // The stream outlasts the stop's later closes of the same socket (the graceful shutdown's, per connection).
        Thread.sleep(1500);
        assertThat(inbox.closed).as("still open while its stream runs").isNotDone();
        proceed.countDown();
        List<String> rest = new ArrayList<>();
        while (!inbox.closed.isDone() || !inbox.messages.isEmpty()) {
            String message = inbox.messages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                rest.add(message);
            }
        }
        return rest;
    }

    /** A universal request for a stream from {@code custom-up}. */
    static String streamed(String eventId) {
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
