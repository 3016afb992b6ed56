package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.adapters.store.jdbc.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * A row in {@code log_commits} for a transaction of the log writer whose entries cannot tell whether it committed
 * (it inserted none, or deleted some at a cap), written in that transaction, so that one whose commit went
 * unconfirmed can be looked up afterwards ({@link UnconfirmedCommits}) by claiming its key ({@link #committed}).
 * A marker is the second it was made in, counted from 2026 (high 32 bits, positive for 68 years), and a random
 * number (low 32 bits): unique across replicas in practice (a collision fails its transaction on the key, and the
 * retry makes a new one), and ordered by time, so markers older than {@link #KEPT} are deleted by a range of the
 * key, every {@link #DELETE_EVERY} transactions.
 */
final class CommitMarkers {

    /**
     * How long a marker is kept at least: far longer than a transaction stays unresolved. Each replica deletes by its
     * own clock, so replicas' clocks must agree to well within this.
     */
    static final Duration KEPT = Duration.ofHours(1);
    static final int DELETE_EVERY = 1024;

    private static final String INSERT = "insert into log_commits (id, claim) values (?, ?)";
    private static final String DELETE_OLD = "delete from log_commits where id < ?";

    /** 2026-01-01T00:00:00Z: seconds since then fit in 31 bits until 2094, so every marker is positive and ordered. */
    private static final long EPOCH_SECOND = 1_767_225_600L;

    /** The wall clock's epoch second. */
    private final LongSupplier clock;
    private int marked;

    CommitMarkers(LongSupplier epochSecond) {
        this.clock = epochSecond;
    }

    long next() {
        return (seconds(clock.getAsLong()) << 32) | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
    }

    /** Writes {@code marker} in the transaction of {@code connection}, and now and then deletes the old ones. */
    void mark(Connection connection, StatementCache statements, long marker) throws SQLException {
        PreparedStatement insert = statements.prepare(connection, INSERT);
        insert.setLong(1, marker);
        insert.setBoolean(2, false);
        insert.executeUpdate();
        if (++marked % DELETE_EVERY == 0) {
            PreparedStatement delete = statements.prepare(connection, DELETE_OLD);
            delete.setLong(1, seconds(clock.getAsLong() - KEPT.toSeconds()) << 32);
            delete.executeUpdate();
        }
    }

    private static long seconds(long epochSecond) {
        return Math.max(0, epochSecond - EPOCH_SECOND);
    }

    /**
     * Whether the transaction that wrote {@code marker} committed, made certain: its key is taken by a claim row when
     * it is free, so that the transaction can never commit after this answer. Inserting the key waits for a transaction still
     * committing it (PostgreSQL) and fails if it committed; a key held by a claim is an earlier claim of this writer
     * whose reply was lost. Throws, leaving the question open, when the database cannot be asked.
     */
    static boolean committed(Jdbc jdbc, long marker) {
        int claimed = jdbc.update(INSERT, statement -> {
            statement.setLong(1, marker);
            statement.setBoolean(2, true);
        });
        if (claimed == 1) {
            return false;
        }
        return !jdbc.queryOne("select claim from log_commits where id = ?", statement -> statement.setLong(1, marker),
                row -> row.getBoolean(1)).orElseThrow(() -> new StoreException("Marker " + marker
                + " was neither claimed nor found", null));
    }
}
