package dev.sluice.adapters.store.jdbc;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a failure that says the values were refused counts as a refusal: the log writer drops the entries it
 * narrows a refusal down to, so a database that is down, busy or full must never read as one.
 */
class SqlRefusalsTest {

    private static StoreException wrapped(SQLException failure) {
        return new StoreException("Transaction failed: " + failure.getMessage(), failure);
    }

    @Test
    void constraintsAndDataExceptionsAreRefusals() {
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("check", "23514")))).isTrue();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("nul in text", "22021")))).isTrue();
        assertThat(SqlRefusals.refusesValues(wrapped(
                new SQLiteException("[SQLITE_CONSTRAINT_TRIGGER] poison", SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER))))
                .isTrue();
        assertThat(SqlRefusals.refusesValues(wrapped(
                new SQLiteException("[SQLITE_TOOBIG] string or blob too big", SQLiteErrorCode.SQLITE_TOOBIG))))
                .isTrue();
    }

    /** PostgreSQL reports a batch's failure as a BatchUpdateException; the failure itself is its next one. */
    @Test
    void aBatchsFailureIsReadThroughItsNextFailure() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("value too long", "22001"));
        assertThat(SqlRefusals.refusesValues(wrapped(batch))).isTrue();
    }

    @Test
    void aDatabaseThatCannotWorkNowIsNotARefusal() {
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("connection refused", "08001")))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("could not serialize", "40001")))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("read-only transaction", "25006")))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("disk full", "53100")))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(
                new SQLiteException("[SQLITE_BUSY] locked", SQLiteErrorCode.SQLITE_BUSY)))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(
                new SQLiteException("[SQLITE_FULL] disk full", SQLiteErrorCode.SQLITE_FULL)))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("pool has been closed")))).isFalse();
        assertThat(SqlRefusals.refusesValues(new OutOfMemoryError("Java heap space"))).isFalse();
    }

    /**
     * Replicas racing to insert the same row, or a batch retried after its commit's reply was lost, meet a key
     * already held: the store's failure, to retry, not values to drop.
     */
    @Test
    void aKeyAlreadyHeldIsNotARefusal() {
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLiteException("[SQLITE_CONSTRAINT_PRIMARYKEY] logs.id",
                SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)))).isFalse();
        assertThat(SqlRefusals.refusesValues(wrapped(new SQLiteException("[SQLITE_CONSTRAINT_UNIQUE] log_counts",
                SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)))).isFalse();
    }

    @Test
    void aChainOfCausesThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(SqlRefusals.refusesValues(first)).isFalse();
    }
}
