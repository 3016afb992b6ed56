package dev.sluice.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice as its own process, stopped by SIGTERM as an orchestrator stops it. That path differs from a context closed
 * in process: Micronaut's server closes its WebSocket channels before any graceful shutdown is told. A WebSocket's
 * stream under way still runs to its end, a new request on it is refused (2116), and it is closed with 1001; a call
 * whose provider has not answered as the grace ends is answered 503 (2116). Every one of them is logged.
 */
class SigtermEndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void aStopFinishesAWebSocketsStreamRefusesItsNewRequestsAndAnswersAnUnansweredCall() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        try (EventStreamUpstream upstream = new EventStreamUpstream().stream("/", events -> {
            events.send("data: {\"n\":0}\n\n");
            streaming.countDown();
            proceed.await(30, TimeUnit.SECONDS);
            events.send("data: {\"n\":1}\n\n");
            events.send("data: [DONE]\n\n");
        }); SilentUpstream silent = new SilentUpstream()) {
            Process sluice = SluiceProcess.start(dataDir, "micronaut.lifecycle.graceful-shutdown.grace-period=4s",
                    "sluice.admin-token=" + SluiceClient.ADMIN, "sluice.providers.custom-up.base-url=" + upstream.baseUrl(),
                    "sluice.providers.custom-silent.base-url=" + silent.baseUrl());
            try {
                int port = SluiceProcess.port(dataDir);
                WebSocketInbox inbox = new WebSocketInbox();
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                        URI.create("ws://127.0.0.1:" + port + "/v1/local/default"), inbox).get(10, TimeUnit.SECONDS);
                socket.sendText(GracefulShutdownEndToEndTest.streamed("before"), true).get(5, TimeUnit.SECONDS);
                assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(inbox.messages.poll(10, TimeUnit.SECONDS)).contains("universal.created");
                CompletableFuture<HttpResponse<String>> unanswered = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/local/default/custom-silent/chat"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                silent.awaitHeld(1);

                sluice.destroy();
                SilentUpstream.awaitRefused(port);
                List<String> rest = GracefulShutdownEndToEndTest.refusedThenRest(socket, inbox, proceed);
                assertThat(inbox.closed.get(10, TimeUnit.SECONDS)).as("1001, Going Away").isEqualTo(1001);
                assertThat(rest.get(rest.size() - 1)).contains("universal.done").contains("\"before\"");
                HttpResponse<String> given = unanswered.get(10, TimeUnit.SECONDS);
                assertThat(given.statusCode()).isEqualTo(503);
                assertThat(given.body()).contains("\"code\":2116");
                assertThat(sluice.waitFor(30, TimeUnit.SECONDS)).as("Sluice stopped").isTrue();
            } finally {
                sluice.destroyForcibly();
            }
        }
        assertThat(SluiceProcess.loggedEntries(dataDir)).containsExactly("200 true", "503 false");
    }
}
