package dev.sluice.adapters.store.analytics;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The analytics window stretches to ten times what writing the sums took, up to ten seconds. */
class JdbcAnalyticsWriterTest {

    private static final long TICK = Duration.ofMillis(100).toNanos();

    @TempDir
    Path dir;

    /** Each reading of the clock is 100 ms after the one before, so writing the sums always takes 100 ms. */
    private final AtomicLong now = new AtomicLong();

    /** How many batches after the first are not due before one is. */
    private int batchesUntilDue(JdbcAnalyticsWriter writer, Jdbc jdbc) {
        JdbcAnalyticsWriter.Batch first = writer.sumsOf(List.of());
        assertThat(first.due()).isTrue();
        jdbc.inTransaction(connection -> {
            first.writeIfDue(connection);
            return true;
        });
        writer.committed(first);
        int waited = 0;
        while (!writer.sumsOf(List.of()).due()) {
            waited++;
            assertThat(waited).isLessThan(1_000);
        }
        return waited;
    }

    @Test
    void aWindowShorterThanTenWritesStretchesToThem() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            JdbcAnalyticsWriter writer = new JdbcAnalyticsWriter(Duration.ofMillis(1), () -> now.addAndGet(TICK));
            // The write took 100 ms, so the next sums wait 1 s (ten ticks after committing): nine batches first.
            assertThat(batchesUntilDue(writer, jdbc)).isEqualTo(9);

            JdbcAnalyticsWriter longer = new JdbcAnalyticsWriter(Duration.ofSeconds(3), () -> now.addAndGet(TICK));
            // A window longer than ten writes stays as it is: 3 s, thirty ticks.
            JdbcAnalyticsWriter.Batch waiting = longer.sumsOf(List.of());
            assertThat(waiting.due()).isFalse();
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThat(batchesUntilDue(longer, jdbc)).isEqualTo(29);

            long slowTick = Duration.ofSeconds(2).toNanos();
            JdbcAnalyticsWriter afterASlowWrite = new JdbcAnalyticsWriter(Duration.ofMillis(1),
                    () -> now.addAndGet(slowTick));
            // A write of 2 s would stretch the window to 20 s; it stops at 10 s, five ticks.
            assertThat(batchesUntilDue(afterASlowWrite, jdbc)).isEqualTo(4);

            JdbcAnalyticsWriter everyBatch = new JdbcAnalyticsWriter(Duration.ZERO, () -> now.addAndGet(TICK));
            assertThat(batchesUntilDue(everyBatch, jdbc)).as("a zero window writes every batch").isZero();
        }
    }
}
