package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping Sluice lets a stream already in flight finish instead of cutting it off. */
class GracefulShutdownEndToEndTest {

    @TempDir
    Path dataDir;
    private EventStreamUpstream upstream;

    @AfterEach
    void stop() {
        upstream.close();
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
}
