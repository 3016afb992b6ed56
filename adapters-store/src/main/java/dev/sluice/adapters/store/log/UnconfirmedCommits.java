package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.log.LogWrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Batches whose commit was sent but never confirmed ({@link dev.sluice.adapters.store.jdbc.CommitUnconfirmedException}:
 * on PostgreSQL, the reply lost with its connection). The log writer throws, and the batch comes back to be
 * retried; before anything else is written, whether it committed is found out by looking for the entries it
 * inserted (a transaction commits whole, so one of them found means all of it). If it did, its sums count as
 * written and the retry skips its entries, where before each failed on its own primary key, the batch was retried
 * until the writer gave its entries up as refused, and their sums were added a second time. Used by the one log
 * writer, under its lock.
 */
final class UnconfirmedCommits {

    /** Ids to look for in one statement: well under every database's limit on a statement's parameters. */
    private static final int IDS_PER_LOOKUP = 500;

    private final Jdbc jdbc;
    private Unconfirmed unconfirmed;
    /** The entries of the last unconfirmed batch that turned out committed, until its retry comes. */
    private Set<String> committed = Set.of();

    private record Unconfirmed(List<String> inserted, Set<String> all, JdbcAnalyticsWriter.Batch sums) {
    }

    UnconfirmedCommits(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The batch's commit was sent and not confirmed; its sums are {@code sums}. */
    void unconfirmed(List<LogWrite> batch, JdbcAnalyticsWriter.Batch sums) {
        List<String> inserted = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (LogWrite write : batch) {
            all.add(write.entry().id());
            if (write.keep()) {
                inserted.add(write.entry().id());
            }
        }
        unconfirmed = new Unconfirmed(inserted, all, sums);
    }

    /**
     * Finds out whether the unconfirmed batch, if there is one, committed, and if it did hands its sums to
     * {@code committedSums}. A batch that kept no entry cannot be looked for, and counts as not committed: its
     * sums may then be added twice. Throws, leaving the batch unconfirmed, when the database cannot be asked.
     */
    void settle(Consumer<JdbcAnalyticsWriter.Batch> committedSums) {
        if (unconfirmed == null) {
            return;
        }
        if (anyStored(unconfirmed.inserted())) {
            committedSums.accept(unconfirmed.sums());
            committed = unconfirmed.all();
        }
        unconfirmed = null;
    }

    /** The batch without the entries a batch whose commit went unconfirmed did store. */
    List<LogWrite> withoutCommitted(List<LogWrite> batch) {
        if (committed.isEmpty()) {
            return batch;
        }
        List<LogWrite> fresh = new ArrayList<>(batch.size());
        for (LogWrite write : batch) {
            if (!committed.remove(write.entry().id())) {
                fresh.add(write);
            }
        }
        return fresh.size() == batch.size() ? batch : Collections.unmodifiableList(fresh);
    }

    private boolean anyStored(List<String> ids) {
        for (int from = 0; from < ids.size(); from += IDS_PER_LOOKUP) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_LOOKUP));
            String sql = "select count(*) from logs where id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            long found = jdbc.queryOne(sql, statement -> {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
            }, row -> row.getLong(1)).orElse(0L);
            if (found > 0) {
                return true;
            }
        }
        return false;
    }
}
