package dev.sluice.adapters.store.analytics;

import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.domain.analytics.Rollups;
import dev.sluice.domain.analytics.Tally;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Writes the per-minute analytics rows that {@link JdbcAnalyticsStore} reads. The sums of the entries the
 * log writer stores gather in memory for a window and are written with a later batch of logs (in its
 * transaction) or on their own ({@link #gathered}): at full throughput a minute's row is then written once a window
 * rather than once a batch. The window stretches to {@link #STRETCH} times what writing the sums last took,
 * so that they take at most about a tenth of the writer's time: with a user id in the metadata, thousands of
 * rows are written per window, and at full load a user seen once a window cost the writer six statements an
 * entry, a fifth of its time, while it fell behind the gateway (docs/PERFORMANCE.md, issue 18). Used by the
 * one log writer, under its lock.
 */
public final class JdbcAnalyticsWriter {

    private static final String ROLLUP_KEY = "account_id = ? and gateway_id = ? and kind = ? and epoch_minute = ?"
            + " and dim1 = ? and dim2 = ?";

    /** How many times the last write of the sums the window lasts at least. */
    static final int STRETCH = 10;
    /**
     * The longest a stretched window lasts: one slow write (a lock wait, a checkpoint, a collector pause)
     * must not hold minutes of sums in memory, where a crash loses them.
     */
    static final long MAX_STRETCHED = Duration.ofSeconds(10).toNanos();

    private final long windowNanos;
    private final LongSupplier clock;
    private Map<Rollups.Key, Tally> pending = new HashMap<>();
    private long pendingSince;
    private long lastWriteNanos;

    /**
     * @param window how long sums gather in memory before they are written, at least (stretched when writing
     *               them takes long); zero writes them every batch
     */
    public JdbcAnalyticsWriter(Duration window) {
        this(window, System::nanoTime);
    }

    JdbcAnalyticsWriter(Duration window, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.clock = clock;
        this.pendingSince = clock.getAsLong();
    }

    /**
     * The window now: the configured one, or longer when writing the sums took more than a tenth of it, up to
     * {@link #MAX_STRETCHED}.
     */
    private long window() {
        return windowNanos == 0 ? 0 : Math.max(windowNanos, Math.min(STRETCH * lastWriteNanos, MAX_STRETCHED));
    }

    /** The sums of one batch of entries, written with the batch when the window has passed. */
    public final class Batch {
        private final Map<Rollups.Key, Tally> sums;
        private final boolean due;

        private Batch(Map<Rollups.Key, Tally> sums, boolean due) {
            this.sums = sums;
            this.due = due;
        }

        /** Whether this batch writes the sums (the window has passed); if not, they only join the gathered ones. */
        public boolean due() {
            return due;
        }

        /** Writes, in the batch's transaction, what is due: the gathered sums and this batch's. */
        public void writeIfDue(Connection connection) throws SQLException {
            if (due) {
                // Copied, not merged in place: the gathered sums must stay as they were if the batch fails.
                write(connection, merged(pending, sums));
            }
        }
    }

    public Batch sumsOf(List<LogEntry> entries) {
        return new Batch(Rollups.of(entries), clock.getAsLong() - pendingSince >= window());
    }

    /**
     * The batch's transaction committed: its sums were written (and the gathered ones with them), or they
     * join the gathered ones. A batch that failed is not reported, so its retry adds its sums again.
     */
    public void committed(Batch batch) {
        if (batch.due) {
            pending = new HashMap<>();
            pendingSince = clock.getAsLong();
        } else {
            gather(batch.sums);
        }
    }

    /**
     * The batch's commit went unconfirmed ({@code CommitUnconfirmedException}): it may or may not have written
     * what it was due to. Until the log writer finds out, what it may have written is kept apart: the sums a due
     * batch wrote leave the gathered ones (the next due batch must not write them again), and an undue batch's
     * own sums wait to join them.
     */
    public Unconfirmed unconfirmed(Batch batch) {
        if (batch.due) {
            Map<Rollups.Key, Tally> written = pending;
            pending = new HashMap<>();
            pendingSince = clock.getAsLong();
            return new Unconfirmed(Map.of(), written);
        }
        return new Unconfirmed(batch.sums, Map.of());
    }

    /** What a batch whose commit went unconfirmed adds to the gathered sums, once it is known whether it committed. */
    public final class Unconfirmed {
        private final Map<Rollups.Key, Tally> ifCommitted;
        private final Map<Rollups.Key, Tally> ifNot;

        private Unconfirmed(Map<Rollups.Key, Tally> ifCommitted, Map<Rollups.Key, Tally> ifNot) {
            this.ifCommitted = ifCommitted;
            this.ifNot = ifNot;
        }

        /** It committed: an undue batch's sums join the gathered ones (a due batch wrote its own). */
        public void committed() {
            gather(ifCommitted);
        }

        /** It did not: the gathered sums it would have written are gathered again (its own come with its retry). */
        public void notCommitted() {
            gather(ifNot);
        }
    }

    /** A gateway is being deleted: the sums gathered for it are let go, with its rows. */
    public void forget(GatewayRef gateway) {
        pending.keySet().removeIf(key -> key.gateway().equals(gateway));
    }

    private void gather(Map<Rollups.Key, Tally> sums) {
        sums.forEach((key, tally) -> pending.merge(key, tally, (gathered, more) -> {
            gathered.add(more);
            return gathered;
        }));
    }

    /**
     * The gathered sums as a due batch of their own, to write now (the log writer is idle, or shutting down) and
     * report as any batch ({@link #committed}, {@link #unconfirmed}); empty when nothing has gathered.
     */
    public Optional<Batch> gathered() {
        if (pending.isEmpty()) {
            pendingSince = clock.getAsLong();
            return Optional.empty();
        }
        return Optional.of(new Batch(Map.of(), true));
    }

    private void write(Connection connection, Map<Rollups.Key, Tally> sums) throws SQLException {
        long started = clock.getAsLong();
        addRollups(connection, sums);
        lastWriteNanos = clock.getAsLong() - started;
    }

    private static Map<Rollups.Key, Tally> merged(Map<Rollups.Key, Tally> gathered, Map<Rollups.Key, Tally> more) {
        if (gathered.isEmpty()) {
            return more;
        }
        Map<Rollups.Key, Tally> sums = new HashMap<>();
        gathered.forEach((key, tally) -> sums.computeIfAbsent(key, k -> new Tally()).add(tally));
        more.forEach((key, tally) -> sums.computeIfAbsent(key, k -> new Tally()).add(tally));
        return sums;
    }

    /**
     * Adds to the minute rows: an update of each row, then an insert of those that did not exist. Another
     * replica may insert the same row in between: the insert then adds to it ({@code on conflict}), as the
     * update would have. It failed the batch on the primary key, which was retried whole and warned of.
     */
    private static void addRollups(Connection connection, Map<Rollups.Key, Tally> rollups) throws SQLException {
        List<Map.Entry<Rollups.Key, Tally>> rows = new ArrayList<>(rollups.entrySet());
        List<Map.Entry<Rollups.Key, Tally>> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("update log_rollups set requests = requests + ?,"
                + " errors = errors + ?, cached = cached + ?, tokens_in = tokens_in + ?, tokens_out = tokens_out + ?,"
                + " cost = case when cost > ? then " + Long.MAX_VALUE + " else cost + ? end,"
                + " duration_sum = duration_sum + ?, rate_limited = rate_limited + ? where " + ROLLUP_KEY)) {
            for (Map.Entry<Rollups.Key, Tally> row : rows) {
                int i = bindSums(update, 1, row.getValue(), true);
                bindKey(update, i, row.getKey());
                update.addBatch();
            }
            int[] changed = update.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into log_rollups (account_id,"
                    + " gateway_id, kind, epoch_minute, dim1, dim2, requests, errors, cached, tokens_in, tokens_out, cost,"
                    + " duration_sum, rate_limited) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (account_id, kind, epoch_minute, gateway_id, dim1, dim2) do update set"
                    + " requests = log_rollups.requests + excluded.requests, errors = log_rollups.errors + excluded.errors,"
                    + " cached = log_rollups.cached + excluded.cached,"
                    + " tokens_in = log_rollups.tokens_in + excluded.tokens_in,"
                    + " tokens_out = log_rollups.tokens_out + excluded.tokens_out,"
                    + " cost = case when log_rollups.cost > " + Long.MAX_VALUE + " - excluded.cost then " + Long.MAX_VALUE
                    + " else log_rollups.cost + excluded.cost end,"
                    + " duration_sum = log_rollups.duration_sum + excluded.duration_sum,"
                    + " rate_limited = log_rollups.rate_limited + excluded.rate_limited")) {
                for (Map.Entry<Rollups.Key, Tally> row : missing) {
                    bindSums(insert, bindKey(insert, 1, row.getKey()), row.getValue(), false);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        addLatency(connection, rows);
    }

    private static void addLatency(Connection connection, List<Map.Entry<Rollups.Key, Tally>> rows) throws SQLException {
        record Bucket(Rollups.Key key, int bucket, long count) {
        }
        List<Bucket> buckets = new ArrayList<>();
        for (Map.Entry<Rollups.Key, Tally> row : rows) {
            row.getValue().latency().counts().forEach((bucket, count) -> buckets.add(new Bucket(row.getKey(), bucket, count)));
        }
        List<Bucket> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("update log_rollup_latency set requests ="
                + " requests + ? where " + ROLLUP_KEY + " and bucket = ?")) {
            for (Bucket bucket : buckets) {
                update.setLong(1, bucket.count());
                update.setInt(bindKey(update, 2, bucket.key()), bucket.bucket());
                update.addBatch();
            }
            int[] changed = update.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] == 0) {
                    missing.add(buckets.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into log_rollup_latency (account_id,"
                    + " gateway_id, kind, epoch_minute, dim1, dim2, bucket, requests) values (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (account_id, kind, epoch_minute, gateway_id, dim1, dim2, bucket) do update set"
                    + " requests = log_rollup_latency.requests + excluded.requests")) {
                for (Bucket bucket : missing) {
                    int i = bindKey(insert, 1, bucket.key());
                    insert.setInt(i, bucket.bucket());
                    insert.setLong(i + 1, bucket.count());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static int bindKey(PreparedStatement s, int from, Rollups.Key key) throws SQLException {
        s.setString(from, key.gateway().account().value());
        s.setString(from + 1, key.gateway().id().value());
        s.setString(from + 2, key.code());
        s.setLong(from + 3, key.minute());
        s.setString(from + 4, SqlValues.cut(key.first(), 256));
        s.setString(from + 5, SqlValues.cut(key.second(), 256));
        return from + 6;
    }

    /**
     * The sums, as an insert's values or an update's additions. An update adds the cost only up to the largest a
     * column holds (its first parameter is the most the row may hold before it), so that no batch fails on a row's
     * overflow (PostgreSQL) or turns it into a floating-point number (SQLite).
     */
    private static int bindSums(PreparedStatement s, int from, Tally tally, boolean adding) throws SQLException {
        s.setLong(from, tally.requests());
        s.setLong(from + 1, tally.errors());
        s.setLong(from + 2, tally.cached());
        s.setLong(from + 3, tally.tokensIn());
        s.setLong(from + 4, tally.tokensOut());
        long cost = SqlValues.units(tally.cost(), Cost.SCALE);
        int i = from + 5;
        if (adding) {
            s.setLong(i++, Long.MAX_VALUE - cost);
        }
        s.setLong(i++, cost);
        s.setLong(i++, tally.durationSum());
        s.setLong(i++, tally.limited());
        return i;
    }
}
