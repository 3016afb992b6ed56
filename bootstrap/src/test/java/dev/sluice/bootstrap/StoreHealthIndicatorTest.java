package dev.sluice.bootstrap;

import dev.sluice.adapters.store.jdbc.Jdbc;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return Mono.from(new StoreHealthIndicator(new Jdbc(dataSource), executor).getResult())
                .block(Duration.ofSeconds(10));
    }

    @Test
    void upWhenTheDatabaseAnswers() {
        assertThat(check("jdbc:h2:file:" + dir.resolve("up")).getStatus()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void downWithoutTheDatabasesOwnWordsWhenItDoesNot() {
        String missing = "jdbc:h2:file:" + dir.resolve("secret-host-name") + ";IFEXISTS=TRUE";
        HealthResult result = check(missing);
        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(String.valueOf(result.getDetails())).doesNotContain("secret-host-name");
    }
}
