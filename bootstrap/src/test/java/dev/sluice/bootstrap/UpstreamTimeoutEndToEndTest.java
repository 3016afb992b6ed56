package dev.sluice.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private HttpServer upstream;
    private EmbeddedServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/long", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 4; i++) {
                    out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(600);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.createContext("/silent", exchange -> {
            try {
                Thread.sleep(3000);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        upstream.start();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.upstream-timeout", "1s",
                "sluice.providers.custom-up.base-url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
        upstream.stop(0);
    }

    @Test
    void aStreamLongerThanTheTimeoutArrivesWhole() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/v1/local/default/custom-up/long", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
    }

    @Test
    void aProviderSilentPastTheTimeoutIsA504() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/v1/local/default/custom-up/silent", "{}");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"code\":2106");
    }
}
