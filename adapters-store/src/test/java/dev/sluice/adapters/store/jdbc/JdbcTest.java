package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class JdbcTest {

    @TempDir
    Path dir;

    @Test
    void whenRollingBackFailsTheWorksOwnFailureIsThrownAndNothingOfItIsCommitted() {
        whenRollingBackThrows(new SQLException("planted: the rollback failed"));
    }

    @Test
    void whenRollingBackThrowsAnErrorNothingIsCommittedEither() {
        whenRollingBackThrows(new OutOfMemoryError("planted: Java heap space"));
    }

    private void whenRollingBackThrows(Throwable failure) {
        FaultyDataSource faulty = new FaultyDataSource(sqlite());
        faulty.rollbacksThrow(failure);
        try (HikariDataSource pool = pool(faulty)) {
            Jdbc jdbc = new Jdbc(pool);

            Throwable thrown = catchThrowable(() -> jdbc.inTransaction(connection -> {
                insertCount(connection);
                throw new IllegalStateException("the work failed");
            }));

            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("the work failed");
            assertThat(thrown.getSuppressed()).isNotEmpty();
            assertThat(thrown.getSuppressed()[0]).isSameAs(failure);
            assertThat(counts(jdbc)).as("the insert was not committed, and the pool replaced the connection").isZero();
        }
    }

    /**
     * What a caller that retries must know: a failure before the commit was sent left nothing; one after it was sent
     * and before it was confirmed may have committed; one after it was confirmed is no failure of the work.
     */
    @Test
    void aFailureIsUnconfirmedOnlyBetweenSendingTheCommitAndItsConfirmation() {
        FaultyDataSource faulty = new FaultyDataSource(sqlite());
        try (HikariDataSource pool = pool(faulty)) {
            Jdbc jdbc = new Jdbc(pool);
            assertThatThrownBy(() -> jdbc.inTransaction(connection -> {
                insertCount(connection);
                throw new SQLException("planted: the work failed");
            })).isInstanceOf(StoreException.class).isNotInstanceOf(CommitUnconfirmedException.class);

            faulty.nextCommitIsLost();
            assertThatThrownBy(() -> jdbc.inTransaction(JdbcTest::insertCount))
                    .isInstanceOf(CommitUnconfirmedException.class);
            assertThat(counts(jdbc)).isZero();

            faulty.nextCommitLosesItsReply();
            assertThatThrownBy(() -> jdbc.inTransaction(JdbcTest::insertCount))
                    .isInstanceOf(CommitUnconfirmedException.class);
            assertThat(counts(jdbc)).isEqualTo(1);

            faulty.nextRestoreFails();
            assertThat(jdbc.inTransaction(JdbcTest::insertCount)).as("committed, so the work's result").isEqualTo(1);
            assertThat(counts(jdbc)).isEqualTo(2);
        }
    }

    /** A key already held is told apart on SQLite as on PostgreSQL, where it was a failure of the store before. */
    @Test
    void anUpdateMeetingAKeyAlreadyHeldSaysSoOnSqlite() {
        try (HikariDataSource pool = pool(new FaultyDataSource(sqlite()))) {
            Jdbc jdbc = new Jdbc(pool);
            String insert = "insert into log_counts (account_id, gateway_id, stored) values ('a', 'g', 1)";
            assertThat(jdbc.update(insert, s -> { })).isEqualTo(1);
            assertThat(jdbc.update(insert, s -> { })).isEqualTo(-1);
            assertThatThrownBy(() -> jdbc.update("insert into log_counts (account_id) values ('a')", s -> { }))
                    .as("any other failure is the store's").isInstanceOf(StoreException.class);
        }
    }

    /**
     * A deadlock or serialization failure is the database giving a transaction up for another, not a database out of
     * reach: management work runs it again, and only one still refused after a few tries is reported, as contention.
     */
    @Test
    void aTransactionGivenUpForAConcurrentOneIsRunAgainAndOnlyThenReportedAsContention() {
        try (HikariDataSource pool = pool(new FaultyDataSource(sqlite()))) {
            Jdbc jdbc = new Jdbc(pool);
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            int inserted = jdbc.inTransactionRetryingConflicts(connection -> {
                insertCount(connection);
                if (runs.incrementAndGet() < 3) {
                    throw new SQLException("planted: deadlock detected", runs.get() == 1 ? "40P01" : "40001");
                }
                return 1;
            });
            assertThat(inserted).isEqualTo(1);
            assertThat(runs).hasValue(3);
            assertThat(counts(jdbc)).as("the runs given up left nothing").isEqualTo(1);

            runs.set(0);
            assertThatThrownBy(() -> jdbc.inTransactionRetryingConflicts(connection -> {
                runs.incrementAndGet();
                throw new SQLException("planted: deadlock detected", "40P01");
            })).isInstanceOf(dev.sluice.domain.error.StoreContendedException.class);
            assertThat(runs).hasValue(5);

            runs.set(0);
            assertThatThrownBy(() -> jdbc.inTransactionRetryingConflicts(connection -> {
                runs.incrementAndGet();
                throw new SQLException("planted: connection refused", "08001");
            })).as("any other failure is not run again").isInstanceOf(StoreException.class)
                    .isNotInstanceOf(dev.sluice.domain.error.StoreContendedException.class);
            assertThat(runs).hasValue(1);
        }
    }

    private static int insertCount(java.sql.Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("insert into log_counts (account_id, gateway_id, stored)"
                    + " values ('a', 'g' || (select count(*) from log_counts), 1)");
        }
    }

    private static long counts(Jdbc jdbc) {
        return jdbc.queryOne("select count(*) from log_counts", s -> { }, row -> row.getLong(1)).orElseThrow();
    }

    private SQLiteDataSource sqlite() {
        Path file = dir.resolve("j.db");
        SluiceDatabases.sqlite(file, 1).close();
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + file);
        return sqlite;
    }

    private static HikariDataSource pool(FaultyDataSource faulty) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(faulty.dataSource());
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }
}
