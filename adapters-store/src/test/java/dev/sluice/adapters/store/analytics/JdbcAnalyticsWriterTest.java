package dev.sluice.adapters.store.analytics;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.policy.Metadata;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * A batch whose commit went unconfirmed: if it committed, the sums it wrote are not written again, and an undue
     * batch's own join the gathered ones; if it did not, the gathered sums it would have written are written later
     * (its own come back with its retry).
     */
    @Test
    void anUnconfirmedBatchsSumsCountOnceWhetherItCommittedOrNot() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            AtomicLong clock = new AtomicLong();
            JdbcAnalyticsWriter writer = new JdbcAnalyticsWriter(Duration.ofSeconds(1), clock::get);

            writer.committed(writer.sumsOf(List.of(entry(1))));
            clock.addAndGet(Duration.ofSeconds(2).toNanos());
            JdbcAnalyticsWriter.Batch due = writer.sumsOf(List.of(entry(2)));
            assertThat(due.due()).isTrue();
            writeAndRollBack(jdbc, due);
            writer.unconfirmed(due).notCommitted();
            flush(writer, jdbc);
            assertThat(requests(jdbc)).as("the gathered entry; the batch's own come with its retry").isEqualTo(1);

            writer.committed(writer.sumsOf(List.of(entry(3))));
            clock.addAndGet(Duration.ofSeconds(2).toNanos());
            JdbcAnalyticsWriter.Batch dueAndCommitted = writer.sumsOf(List.of(entry(4)));
            jdbc.inTransaction(connection -> {
                dueAndCommitted.writeIfDue(connection);
                return true;
            });
            writer.unconfirmed(dueAndCommitted).committed();
            flush(writer, jdbc);
            assertThat(requests(jdbc)).as("what it wrote, not written again").isEqualTo(3);

            JdbcAnalyticsWriter.Batch undue = writer.sumsOf(List.of(entry(5)));
            assertThat(undue.due()).isFalse();
            writer.unconfirmed(undue).committed();
            flush(writer, jdbc);
            assertThat(requests(jdbc)).as("an undue batch that committed").isEqualTo(4);
        }
    }

    /** What the log writer does when idle: the gathered sums in a transaction of their own. */
    private static void flush(JdbcAnalyticsWriter writer, Jdbc jdbc) {
        writer.gathered().ifPresent(sums -> {
            jdbc.inTransaction(connection -> {
                sums.writeIfDue(connection);
                return true;
            });
            writer.committed(sums);
        });
    }

    private static void writeAndRollBack(Jdbc jdbc, JdbcAnalyticsWriter.Batch batch) {
        assertThatThrownBy(() -> jdbc.inTransaction(connection -> {
            batch.writeIfDue(connection);
            throw new java.sql.SQLException("planted: the commit never arrived");
        })).isInstanceOf(RuntimeException.class);
    }

    private static long requests(Jdbc jdbc) {
        return jdbc.queryOne("select coalesce(sum(requests), 0) from log_rollups where kind = 'mm'", s -> { },
                row -> row.getLong(1)).orElseThrow();
    }

    private static LogEntry entry(int n) {
        return new LogEntry("0193%08d-0000-7000-8000-000000000000".formatted(n),
                new GatewayRef(new AccountId("local"), new GatewayId("main")), Instant.parse("2026-11-23T10:00:00Z"),
                "openai", "gpt-4o-mini", "v1/chat/completions", true, false, 200, Optional.empty(), Cost.ZERO, 100,
                Metadata.NONE, "", "application/json", "application/json", 42, 420, 0, 1, OptionalInt.empty(),
                Optional.empty(), "curl/8.5", false, false);
    }
}
