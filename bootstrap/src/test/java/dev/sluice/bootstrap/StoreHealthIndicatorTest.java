package dev.sluice.bootstrap;

import dev.sluice.adapters.store.database.SqliteIntegrityCheck;
import dev.sluice.adapters.store.jdbc.Jdbc;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class StoreHealthIndicatorTest {

    @TempDir
    Path dir;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private HealthResult check(String url) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url);
        return Mono.from(new StoreHealthIndicator(new Jdbc(dataSource), executor, SqliteIntegrityCheck.none()).getResult())
                .block(Duration.ofSeconds(10));
    }

    @Test
    void upWhenTheDatabaseAnswers() {
        assertThat(check("jdbc:sqlite:" + dir.resolve("up.db")).getStatus()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void downWithoutTheDatabasesOwnWordsWhenItDoesNot() {
        String missing = "jdbc:sqlite:" + dir.resolve("secret-host-name").resolve("no-such-directory").resolve("x.db");
        HealthResult result = check(missing);
        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(String.valueOf(result.getDetails())).doesNotContain("secret-host-name");
    }
}
