package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Sluice per embedded file: a second process started on a file another holds stops with one line naming the file,
 * the holder's process id and what to do, and leaves the holder serving; once the holder stops, the file is free.
 */
class DatabaseFileInUseEndToEndTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path holderDir;

    @Test
    void aSecondProcessOnTheSameFileDoesNotStartAndTheFirstServesOn() throws Exception {
        Path file = dataDir.resolve("logs.db");
        // This JVM holds <dataDir>/logs.db (named by URL); the process below is started on it as its default file.
        try (ApplicationContext holder = holder(file)) {
            SluiceClient client = new SluiceClient(holder.getBean(EmbeddedServer.class).start().getURI());

            String log = RefusedStart.run(dataDir, "sluice.database.lock-wait=1s");

            String error = log.lines().filter(line -> line.contains("ERROR")).findFirst().orElseThrow();
            assertThat(error).contains(file.toAbsolutePath().toString())
                    .contains("in use by another Sluice process (pid " + ProcessHandle.current().pid() + " on ")
                    .contains("its own file (SLUICE_DATA_DIR)");
            HttpResponse<String> served = client.post("/v1/local/default/mock/v1/chat/completions",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(served.statusCode()).as("the holder serves on").isEqualTo(200);
        }
        try (ApplicationContext next = holder(file)) {
            assertThat(next.getBean(EmbeddedServer.class).start().isRunning()).as("the file is free once its holder stops")
                    .isTrue();
        }
    }

    private ApplicationContext holder(Path file) {
        return ApplicationContext.run(Map.of(
                "sluice.data-dir", holderDir.toString(),
                "sluice.database.url", "jdbc:sqlite:" + file.toAbsolutePath(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN));
    }
}
