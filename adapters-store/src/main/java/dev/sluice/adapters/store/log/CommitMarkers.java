package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.adapters.store.jdbc.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A row in {@code log_commits} for a transaction of the log writer whose entries cannot tell whether it committed
 * (it inserted none, or deleted some at a cap), written in that transaction, so that one whose commit went
 * unconfirmed can be looked up afterwards ({@link UnconfirmedCommits}), or, not found, claimed ({@link #committed}).
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

    private final Clock clock;
    private int marked;

    CommitMarkers(Clock clock) {
        this.clock = clock;
    }

    long next() {
        return (seconds(clock.instant()) << 32) | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
    }

    /** Writes {@code marker} in the transaction of {@code connection}, and now and then deletes the old ones. */
    void mark(Connection connection, StatementCache statements, long marker) throws SQLException {
        PreparedStatement insert = statements.prepare(connection, INSERT);
        insert.setLong(1, marker);
        insert.setBoolean(2, false);
        insert.executeUpdate();
        if (++marked % DELETE_EVERY == 0) {
            PreparedStatement delete = statements.prepare(connection, DELETE_OLD);
            delete.setLong(1, seconds(clock.instant().minus(KEPT)) << 32);
            delete.executeUpdate();
        }
    }

    private static long seconds(Instant at) {
        return Math.max(0, at.getEpochSecond() - EPOCH_SECOND);
    }

    /**
     * Whether the transaction that wrote {@code marker} committed, made certain for one not found: its key is taken
     * by a claim row, so that it can never commit after this answer. Inserting the key waits for a transaction still
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

    /** Those of {@code markers} that their own transactions committed (a claim is not one: {@link #committed}). */
    static Set<Long> found(Jdbc jdbc, Collection<Long> markers) {
        if (markers.isEmpty()) {
            return Set.of();
        }
        List<Long> ids = List.copyOf(markers);
        String sql = "select id from log_commits where claim = false and id in ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
        return new HashSet<>(jdbc.query(sql, statement -> {
            for (int i = 0; i < ids.size(); i++) {
                statement.setLong(i + 1, ids.get(i));
            }
        }, row -> row.getLong(1)));
    }
}
