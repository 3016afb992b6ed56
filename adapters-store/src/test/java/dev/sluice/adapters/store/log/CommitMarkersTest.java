package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.analytics.AnalyticsWriters;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.gateway.LogManagementStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A marker says whether its transaction committed, is claimed when it did not, and those older than an hour are
 * deleted as later transactions write theirs.
 */
class CommitMarkersTest {

    @TempDir
    Path dir;

    @Test
    void aMarkerSaysCommittedOnlyOnceItsTransactionCommitted() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            CommitMarkers markers = new CommitMarkers(CommitMarkersTest::now);
            StatementCache statements = new StatementCache();
            long committed = markers.next();
            long rolledBack = markers.next();
            jdbc.inTransaction(connection -> {
                markers.mark(connection, statements, committed);
                return true;
            });
            try {
                jdbc.inTransaction(connection -> {
                    markers.mark(connection, statements, rolledBack);
                    throw new java.sql.SQLException("planted: rolled back");
                });
            } catch (RuntimeException expected) {
                // the transaction and its marker are gone
            }
            statements.clear();
            assertThat(CommitMarkers.committed(jdbc, committed)).isTrue();
            assertThat(CommitMarkers.committed(jdbc, rolledBack)).isFalse();
        }
    }

    @Test
    void markersOlderThanAnHourAreDeletedByALaterTransaction() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            AtomicLong clock = new AtomicLong(Instant.parse("2026-12-05T12:00:00Z").getEpochSecond());
            CommitMarkers markers = new CommitMarkers(clock::get);
            StatementCache statements = new StatementCache();
            List<Long> old = new ArrayList<>();
            for (int i = 1; i < CommitMarkers.DELETE_EVERY - 1; i++) {
                old.add(mark(jdbc, markers, statements));
            }
            clock.addAndGet(CommitMarkers.KEPT.toSeconds() / 2);
            long halfAnHourOld = mark(jdbc, markers, statements);
            clock.addAndGet(CommitMarkers.KEPT.toSeconds() / 2 + 1);
            long recent = mark(jdbc, markers, statements);
            statements.clear();

            assertThat(jdbc.query("select id from log_commits", s -> { }, row -> row.getLong(1)))
                    .as("the hour's markers, none of the %d older", old.size()).containsOnly(halfAnHourOld, recent);
        }
    }

    @Test
    void markersArePositiveAndOrderedByTheirSecondPast2038() {
        AtomicLong clock = new AtomicLong(Instant.parse("2038-01-19T03:14:07Z").getEpochSecond());
        CommitMarkers markers = new CommitMarkers(clock::get);
        long before = markers.next();
        clock.addAndGet(2);
        long after = markers.next();
        assertThat(before).isPositive();
        assertThat(after).isGreaterThan(before);
    }

    /**
     * A marker costs a page of its own in the commit, so only a transaction its entries cannot speak for writes one:
     * batches that inserted entries write none; the sums written when idle and a batch of entries not kept do.
     */
    @Test
    void onlyATransactionItsEntriesCannotSpeakForWritesAMarker() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            LogStores store = new LogStores(dataSource, Duration.ofHours(1));
            for (int n = 1; n <= 3; n++) {
                store.storeLogs(List.of(LogStoreContract.keep(LogStoreContract.entry(n))));
            }
            assertThat(markers(jdbc)).isZero();
            store.flush();
            assertThat(markers(jdbc)).as("the sums written when idle").isEqualTo(1);
            LogStores everyBatchDue = new LogStores(dataSource, Duration.ZERO);
            everyBatchDue.storeLogs(List.of(new LogWrite(LogStoreContract.entry(4), Optional.empty(), false,
                    OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING)));
            assertThat(markers(jdbc)).as("a batch of entries not kept, its sums due").isEqualTo(2);
        }
    }

    /**
     * A marker not found is claimed: its transaction counts as not committed at once (no waiting for the writer to
     * be idle), and can no longer commit late; a key its own transaction holds says it committed; a key held by an
     * earlier claim (its reply lost) says it did not.
     */
    @Test
    void aMarkerNotFoundIsClaimedAndTheAnswerIsFinal() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            Jdbc jdbc = new Jdbc(dataSource);
            CommitMarkers markers = new CommitMarkers(CommitMarkersTest::now);
            long neverCommitted = markers.next();
            assertThat(CommitMarkers.committed(jdbc, neverCommitted)).isFalse();
            assertThat(jdbc.update("insert into log_commits (id, claim) values (?, false)",
                    s -> s.setLong(1, neverCommitted))).as("a late commit of the claimed transaction").isEqualTo(-1);
            assertThat(CommitMarkers.committed(jdbc, neverCommitted)).as("claimed before, its reply lost").isFalse();

            long committedLate = markers.next();
            jdbc.update("insert into log_commits (id, claim) values (?, false)", s -> s.setLong(1, committedLate));
            assertThat(CommitMarkers.committed(jdbc, committedLate)).isTrue();
        }
    }

    /** Sums written on their own and not found are gathered again at the next lookup, not when the writer is idle. */
    @Test
    void sumsWrittenOnTheirOwnAndNotFoundAreGatheredAgainAtOnce() {
        try (HikariDataSource dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2)) {
            UnconfirmedCommits unconfirmed = new UnconfirmedCommits(new Jdbc(dataSource));
            JdbcAnalyticsWriter analytics = AnalyticsWriters.onClock(Duration.ofHours(1), () -> 0L);
            analytics.committed(analytics.sumsOf(List.of(LogStoreContract.entry(1))));
            JdbcAnalyticsWriter.Batch sums = analytics.gathered().orElseThrow();
            long marker = new CommitMarkers(CommitMarkersTest::now).next();
            unconfirmed.unconfirmed(List.of(), List.of(), OptionalLong.of(marker), analytics.unconfirmed(sums));
            assertThat(analytics.gathered()).as("held apart while unresolved").isEmpty();

            unconfirmed.settle();
            assertThat(analytics.gathered()).as("not committed: gathered again").isPresent();
        }
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static long markers(Jdbc jdbc) {
        return jdbc.queryOne("select count(*) from log_commits", s -> { }, row -> row.getLong(1)).orElseThrow();
    }

    private static long mark(Jdbc jdbc, CommitMarkers markers, StatementCache statements) {
        long marker = markers.next();
        jdbc.inTransaction(connection -> {
            markers.mark(connection, statements, marker);
            return true;
        });
        return marker;
    }
}
