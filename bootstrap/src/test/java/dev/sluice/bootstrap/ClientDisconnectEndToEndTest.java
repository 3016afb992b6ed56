package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client that leaves while the provider is still thinking: when the provider's answer arrives, Sluice
 * lets go of it at once instead of leaving the provider's connection stuck on a 20 MB stream nobody
 * reads. (Micronaut 4's client then drains the rest to reuse the connection rather than closing it,
 * micronaut-core #2913; either way the connection is not left hanging, which is what this test holds.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientDisconnectEndToEndTest implements TestPropertyProvider {

    private EventStreamUpstream upstream;
    private final CompletableFuture<String> providerSaw = new CompletableFuture<>();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = new EventStreamUpstream().stream("/warm", events -> events.send("data: {}\n\n"))
                    .handle("/think", exchange -> {
                exchange.getRequestBody().readAllBytes();
                sleep(1500);
                exchange.getResponseHeaders().add("content-type", "text/event-stream");
                try {
                    // Sluice now hangs up as soon as its client leaves, so even the head may find the
                    // connection closed.
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 1000; i++) {
                        out.write(("data: {\"n\":" + i + ",\"pad\":\"" + "x".repeat(20000) + "\"}\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        sleep(5);
                    }
                    providerSaw.complete("the whole stream was written");
                } catch (IOException e) {
                    providerSaw.complete("connection closed");
                }
            });
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-leave").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.providers.custom-think.base-url", upstream.baseUrl());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    void stop() {
        upstream.close();
    }

    @Test
    void theProvidersAnswerIsLetGoWhenTheClientHasLeft() throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        // Warm the path first: a cold gateway may not have sent the request within 300 ms, and a call
        // whose client has left is no longer sent at all, which would leave the provider nothing to see.
        assertThat(client.post("/v1/local/default/custom-think/warm", "{}").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> client.send(client.request("/v1/local/default/custom-think/think")
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(providerSaw.get(20, TimeUnit.SECONDS)).isIn("connection closed", "the whole stream was written");
    }
}
