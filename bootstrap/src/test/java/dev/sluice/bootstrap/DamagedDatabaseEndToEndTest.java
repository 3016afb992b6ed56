package dev.sluice.bootstrap;

import dev.sluice.adapters.store.database.DamagedFiles;
import dev.sluice.adapters.store.database.SluiceDatabases;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded {@code logs.db} damaged between two starts: a damaged header stops the start with one line that names
 * the file and what to do; pages damaged where the start does not read are found by the check after start, and the
 * store is DOWN in {@code /health} while the gateway goes on serving.
 */
class DamagedDatabaseEndToEndTest {

    @TempDir
    Path dataDir;

    private Path logsDb() throws Exception {
        Path file = dataDir.resolve("logs.db");
        SluiceDatabases.sqlite(file, 2).close();
        return file;
    }

    @Test
    void aDamagedHeaderStopsTheStartWithOneLineNamingTheFile() throws Exception {
        Path file = logsDb();
        DamagedFiles.scribble(file, 0, 100);
        String log = RefusedStart.run(dataDir);
        String error = log.lines().filter(line -> line.contains("ERROR")).findFirst().orElseThrow();
        assertThat(error).contains(file.toAbsolutePath().toString()).contains("not a database")
                .contains("restore them from a backup");
    }

    @Test
    void pagesDamagedWhereTheStartDoesNotReadAreFoundAfterItAndTheStoreIsDown() throws Exception {
        Path file = logsDb();
        long[] filler = DamagedFiles.addFiller(file, 400);
        DamagedFiles.scribble(file, (filler[0] + 20) * DamagedFiles.PAGE, 4 * DamagedFiles.PAGE);
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.data-dir", dataDir.toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN))) {
            SluiceClient client = new SluiceClient(context.getBean(EmbeddedServer.class).start().getURI());
            HttpResponse<String> health = client.admin("GET", "/health", null);
            for (int attempt = 0; attempt < 100 && health.statusCode() == 200; attempt++) {
                Thread.sleep(100);
                health = client.admin("GET", "/health", null);
            }
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"store\":{\"name\":\"sluice\",\"status\":\"DOWN\"")
                    .contains("the database file is damaged").doesNotContain(dataDir.toString());
            HttpResponse<String> served = client.post("/v1/local/default/mock/v1/chat/completions",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(served.statusCode()).as("the gateway serves on").isEqualTo(200);
        }
    }

    @Test
    void aWholeFileStaysUp() throws Exception {
        logsDb();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.data-dir", dataDir.toString(),
                "micronaut.server.port", "-1"))) {
            SluiceClient client = new SluiceClient(context.getBean(EmbeddedServer.class).start().getURI());
            Thread.sleep(1_000); // the check of a small file takes milliseconds
            assertThat(client.send(client.request("/health")).statusCode()).isEqualTo(200);
        }
    }
}
