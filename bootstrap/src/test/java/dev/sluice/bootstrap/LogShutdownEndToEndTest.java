package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing accepted is lost at shutdown: N requests, some still in flight when Sluice is told to stop,
 * give N stored entries. The writer is made slow to flush (a long interval, small batches) so that the
 * entries are still queued when the application closes.
 */
class LogShutdownEndToEndTest {

    private static final int REQUESTS = 200;

    @TempDir
    Path dataDir;

    @Test
    void aGracefulShutdownWritesEveryAcceptedEntry() throws Exception {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.logs.flush-interval", "10s",
                "sluice.logs.batch-size", "7"));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.getURI()
                            + "/v1/local/default/mock/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .header("x-sluice-mock-latency-ms", i < REQUESTS - 20 ? "0" : "500")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"n" + i + "\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < REQUESTS - 20; i++) {
            assertThat(sent.get(i).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        server.getApplicationContext().close();
        for (CompletableFuture<HttpResponse<String>> response : sent) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("logs.db").toAbsolutePath());
             ResultSet count = db.createStatement().executeQuery("select count(*) from logs")) {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(REQUESTS);
        }
    }
}
