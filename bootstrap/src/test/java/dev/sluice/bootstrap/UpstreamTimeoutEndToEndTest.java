package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice.upstream-timeout} bounds the wait for a provider's first byte and for each next chunk,
 * not the length of a stream: a long answer that keeps arriving is never cut off.
 */
class UpstreamTimeoutEndToEndTest {

    @TempDir
    Path dataDir;
    private EventStreamUpstream upstream;
    private EmbeddedServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = new EventStreamUpstream()
                .stream("/long", events -> {
                    for (int i = 0; i < 4; i++) {
                        events.send("data: " + i + "\n\n");
                        Thread.sleep(600);
                    }
                })
                .handle("/silent", exchange -> {
                    try {
                        Thread.sleep(3000);
                        exchange.sendResponseHeaders(200, -1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        exchange.close();
                    }
                });
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.upstream-timeout", "1s",
                "sluice.providers.custom-up.base-url", upstream.baseUrl()));
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
        upstream.close();
    }

    @Test
    void aStreamLongerThanTheTimeoutArrivesWhole() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/v1/local/default/custom-up/long", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
    }

    /**
     * A request's own timeout is its wait for the first byte, longer than the gateway's default too (up to 600 s).
     * Found by a probe: the provider client's read timeout, which is the default's, cut it at 1 s here.
     */
    @Test
    void aRequestTimeoutLongerThanTheUpstreamTimeoutIsWaitedOut() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/v1/local/default/custom-up/silent", "{}",
                "cf-aig-request-timeout", "6000");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aProviderSilentPastTheTimeoutIsA504() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/v1/local/default/custom-up/silent", "{}");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"code\":2106");
    }
}
