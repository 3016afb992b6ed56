package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.jdbc.CommitUnconfirmedException;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.SqlRefusals;
import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.application.log.LogWrite;
import dev.sluice.application.log.LogsRefusedException;
import dev.sluice.application.log.StoreLogsPort;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.LogManagementStrategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Writes logs in SQL — the embedded SQLite file or PostgreSQL, with the same statements. A batch is one
 * transaction: its entries, their metadata and bodies, the gateway's stored count (for
 * {@code log_management} caps), the hours of extremes, when due the analytics sums ({@link JdbcAnalyticsWriter}),
 * and, when its entries cannot tell whether it committed, its marker ({@link CommitMarkers}).
 */
public final class JdbcLogWriter implements StoreLogsPort {

    private final Jdbc jdbc;
    /** Reads that lock their row where the database has row locks ({@code for update} on PostgreSQL). */
    private final String selectCount;
    private final String selectHour;
    private final boolean sqlite;
    /** The statements every batch runs, compiled once per connection rather than once per batch. */
    private final StatementCache statements = new StatementCache();
    private final LogInserts inserts;
    private final JdbcAnalyticsWriter analytics;
    private final LogHoursRepair hours;
    private final LongConsumer refilledBytes;
    private final UnconfirmedCommits unconfirmed;
    private final CommitMarkers markers = new CommitMarkers(() -> System.currentTimeMillis() / 1000);
    /**
     * Gateways deleted (while this process ran) and when: the entries of a gateway created before then are no longer
     * written, nor counted, since a gateway created again under the id must start with none of them. Kept a day.
     */
    private final Map<GatewayRef, Instant> deleted = new LinkedHashMap<>();
    private long storedSinceOptimize;
    private long optimizedAt = System.nanoTime();

    /**
     * @param analytics the analytics sums, gathered in memory for their window and written with later batches
     * @param hours     shared with everything that deletes entries, whose hours this writer repairs when idle
     */
    public JdbcLogWriter(Jdbc jdbc, JdbcAnalyticsWriter analytics, LogHoursRepair hours) {
        this(jdbc, analytics, hours, bytes -> { });
    }

    /**
     * @param refilledBytes told, after a commit that deleted the oldest entries of a gateway at its cap, about how
     *                      many bytes it wrote in their place (an estimate): the pages in use do not show them, and
     *                      the embedded file's checkpoints follow them ({@code SqliteCheckpoints.refilled})
     */
    public JdbcLogWriter(Jdbc jdbc, JdbcAnalyticsWriter analytics, LogHoursRepair hours, LongConsumer refilledBytes) {
        this.jdbc = jdbc;
        this.refilledBytes = refilledBytes;
        // SQLite has no row locks: its one writer at a time holds the whole database.
        this.sqlite = jdbc.isSqlite();
        this.inserts = new LogInserts(statements, sqlite);
        String forUpdate = sqlite ? "" : " for update";
        this.selectCount = "select stored from log_counts where account_id = ? and gateway_id = ?" + forUpdate;
        this.selectHour = LogHours.selectStored(forUpdate);
        this.analytics = analytics;
        this.hours = hours;
        this.unconfirmed = new UnconfirmedCommits(jdbc);
    }

    /**
     * Stores a batch in one transaction. Its analytics join the sums gathered in memory, which are written
     * in the same transaction once the window has passed; if the transaction fails, neither the entries nor
     * their sums count, and the retried batch adds them again. A failure inserting the entries that says the
     * database refuses one of their values ({@link SqlRefusals}) is thrown as a {@link LogsRefusedException};
     * any other failure (the counts, the hours, the analytics sums) as the store's own. A batch whose commit went
     * unconfirmed is looked for first, and its entries skipped if it committed ({@link UnconfirmedCommits}).
     */
    @Override
    public synchronized int storeLogs(List<LogWrite> all) {
        while (true) {
            try {
                return storeOnce(all);
            } catch (IncarnationDeleted e) {
                // Deleted on another replica: its entries are let go, as those of a gateway deleted here are. Stored
                // to the millisecond, it covers a gateway created at any instant of that millisecond.
                forget(e.gateway, e.created.plusMillis(1).minusNanos(1));
            }
        }
    }

    /**
     * A batch's transaction found that a gateway of some of its entries was deleted since they were made (by
     * {@link GatewayDeletions}, which another replica wrote): it is rolled back and written again without them.
     */
    private static final class IncarnationDeleted extends RuntimeException {
        final transient GatewayRef gateway;
        final transient Instant created;

        IncarnationDeleted(GatewayRef gateway, Instant created) {
            super("Gateway " + gateway + " created at " + created + " was deleted", null, false, false);
            this.gateway = gateway;
            this.created = created;
        }
    }

    private int storeOnce(List<LogWrite> all) {
        List<LogWrite> batch = deleted.isEmpty() ? all : all.stream().filter(write -> !ofDeletedGateway(write)).toList();
        unconfirmed.settle();
        List<LogWrite> fresh = unconfirmed.withoutCommitted(batch);
        int storedBefore = fresh == batch ? 0 : (int) (batch.stream().filter(LogWrite::keep).count()
                - fresh.stream().filter(LogWrite::keep).count());
        int stored = fresh.isEmpty() ? 0 : write(fresh, analytics.sumsOf(fresh.stream().map(LogWrite::entry).toList()));
        unconfirmed.written(batch, fresh);
        return storedBefore + stored;
    }

    /**
     * A gateway is being deleted at {@code at}: from now on the entries of the gateway deleted (created before then)
     * are not written (an entry still in the writer's queue, of an answer still streaming, or of a retry or a
     * universal step that started after the delete), and the sums gathered for it in memory are let go. The caller
     * then deletes its rows: what was written before this call.
     */
    public synchronized void forgetGateway(GatewayRef gateway, Instant at) {
        forget(gateway, at);
    }

    private void forget(GatewayRef gateway, Instant at) {
        Instant dayAgo = at.minus(Duration.ofDays(1));
        deleted.values().removeIf(when -> when.isBefore(dayAgo));
        Instant before = deleted.remove(gateway);
        deleted.put(gateway, before != null && before.isAfter(at) ? before : at);
        analytics.forget(gateway);
    }

    private boolean ofDeletedGateway(LogWrite write) {
        Instant at = deleted.get(write.entry().gateway());
        return at != null && !write.gatewayCreated().isAfter(at);
    }

    /**
     * What one transaction wrote: the entries it inserted (to look for if its commit goes unconfirmed, when the
     * work's result is lost), and what it wrote into room it freed by deleting the oldest entries at a cap.
     */
    private static final class Written {
        final List<LogWrite> inserted = new ArrayList<>();
        long refilled;
        boolean deleted;
        /** The transaction's marker, when its entries cannot tell whether it committed. */
        OptionalLong marker = OptionalLong.empty();
    }

    /** Writes the batch (none: the gathered sums alone) and, when due, the sums, in one transaction. */
    private int write(List<LogWrite> batch, JdbcAnalyticsWriter.Batch sums) {
        Written written = new Written();
        try {
            // Entries of gateways that collect no logs only count in analytics: until their sums are due
            // there is nothing to write, and an empty transaction still takes the write lock and commits.
            if (batch.stream().anyMatch(LogWrite::keep) || sums.due()) {
                jdbc.inTransaction(connection -> store(connection, batch, sums, written));
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof CommitUnconfirmedException) {
                unconfirmed.unconfirmed(batch, written.inserted, written.marker, analytics.unconfirmed(sums));
            }
            inserts.rolledBack();
            statements.clear();
            throw e;
        }
        inserts.committed();
        analytics.committed(sums);
        if (written.refilled > 0) {
            refilledBytes.accept(written.refilled);
        }
        storedSinceOptimize += written.inserted.size();
        return written.inserted.size();
    }

    /** The batch's entries kept, per gateway, and the analytics sums if they are due. */
    private Written store(Connection connection, List<LogWrite> batch, JdbcAnalyticsWriter.Batch sums,
                          Written written) throws SQLException {
        Map<GatewayRef, List<LogWrite>> kept = new LinkedHashMap<>();
        for (LogWrite write : batch) {
            if (write.keep()) {
                kept.computeIfAbsent(write.entry().gateway(), g -> new ArrayList<>()).add(write);
            }
        }
        for (Map.Entry<GatewayRef, List<LogWrite>> gateway : kept.entrySet()) {
            storeForGateway(connection, gateway.getKey(), gateway.getValue(), written);
        }
        sums.writeIfDue(connection);
        if (written.inserted.isEmpty() || written.deleted) {
            // Nothing, or not everything, it inserted is left to look for. A marker costs a page of its own in the
            // commit (8-16% of the writer's throughput at a batch of one entry), so a batch whose entries can speak
            // for it writes none.
            written.marker = OptionalLong.of(markers.next());
            markers.mark(connection, statements, written.marker.getAsLong());
        }
        return written;
    }

    /**
     * Writes the analytics sums gathered in memory (the log writer calls this when idle and at shutdown),
     * recomputes a few hours of {@code meta_info} extremes that deletes left inexact ({@link LogHours}), and
     * on SQLite refreshes the query planner's statistics now and then ({@code PRAGMA optimize}, after every
     * 100,000 new entries or hourly), without which it would scan the time index for a rare event id.
     * PostgreSQL's autovacuum does the same by itself.
     */
    @Override
    public synchronized void flush() {
        unconfirmed.idle();
        if (sqlite && (storedSinceOptimize >= 100_000
                || System.nanoTime() - optimizedAt >= Duration.ofHours(1).toNanos())) {
            jdbc.inTransaction(connection -> {
                try (var statement = connection.createStatement()) {
                    statement.execute("pragma optimize");
                }
                return Boolean.TRUE;
            });
            storedSinceOptimize = 0;
            optimizedAt = System.nanoTime();
        }
        // The gathered sums on their own: a transaction with no entries, so it writes a marker (store).
        analytics.gathered().ifPresent(sums -> write(List.of(), sums));
        hours.passIfDue();
    }

    private void storeForGateway(Connection connection, GatewayRef gateway, List<LogWrite> writes, Written written)
            throws SQLException {
        long stored = lockCount(connection, gateway);
        Optional<Instant> deletedIncarnation = GatewayDeletions.deleted(connection, statements, gateway);
        if (deletedIncarnation.isPresent()) {
            Instant created = deletedIncarnation.get();
            if (writes.stream().anyMatch(write -> write.gatewayCreated().toEpochMilli() <= created.toEpochMilli())) {
                throw new IncarnationDeleted(gateway, created);
            }
        }
        LogWrite last = writes.get(writes.size() - 1);
        List<LogWrite> accepted = writes;
        if (last.cap().isPresent() && last.strategy() == LogManagementStrategy.STOP_INSERTING) {
            long room = Math.max(0, last.cap().getAsLong() - stored);
            accepted = writes.subList(0, (int) Math.min(room, writes.size()));
        }
        long added = insertOrRefuse(connection, accepted);
        written.inserted.addAll(accepted);
        LogHours.add(connection, statements, selectHour, gateway, accepted.stream().map(LogWrite::entry).toList());
        stored += accepted.size();
        if (last.cap().isPresent() && last.strategy() == LogManagementStrategy.DELETE_OLDEST
                && stored > last.cap().getAsLong()) {
            long deleted = OldestEntries.delete(connection, gateway, stored - last.cap().getAsLong());
            stored -= deleted;
            written.deleted = true;
            hours.deleted();
            written.refilled += accepted.isEmpty() ? 0 : added * Math.min(deleted, accepted.size()) / accepted.size();
        }
        PreparedStatement count = statements.prepare(connection,
                "update log_counts set stored = ? where account_id = ? and gateway_id = ?");
        count.setLong(1, stored);
        count.setString(2, gateway.account().value());
        count.setString(3, gateway.id().value());
        count.executeUpdate();
    }

    /** The gateway's stored count, its row locked until the transaction ends (created at 0 if new). */
    private long lockCount(Connection connection, GatewayRef gateway) throws SQLException {
        PreparedStatement select = statements.prepare(connection, selectCount);
        select.setString(1, gateway.account().value());
        select.setString(2, gateway.id().value());
        try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
                return row.getLong(1);
            }
        }
        // Another replica (or a delete) may be making the same row: its insert is waited for, and then taken as ours.
        try (PreparedStatement s = connection.prepareStatement("insert into log_counts (account_id, gateway_id, stored)"
                + " values (?, ?, 0) on conflict (account_id, gateway_id) do nothing")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            if (s.executeUpdate() == 1) {
                return 0;
            }
        }
        try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
                return row.getLong(1);
            }
        }
        throw new SQLException("The count row of " + gateway + " was made by another writer and is gone again");
    }

    /**
     * {@link LogInserts#insert}, a failure that says the database refuses one of the entries' values thrown as a
     * {@link LogsRefusedException}: only the entries' own rows speak for them.
     */
    private long insertOrRefuse(Connection connection, List<LogWrite> writes) throws SQLException {
        try {
            return inserts.insert(connection, writes);
        } catch (SQLException e) {
            if (SqlRefusals.refusesValues(e)) {
                throw new LogsRefusedException("Transaction failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

}
