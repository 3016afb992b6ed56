package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.log.LogWrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Transactions of the log writer whose commit was sent but never confirmed
 * ({@link dev.sluice.adapters.store.jdbc.CommitUnconfirmedException}: on PostgreSQL, the reply lost with its
 * connection): a batch of entries, or the analytics sums written when the writer was idle. The log writer throws,
 * and a batch comes back to be retried. Before each write, whether such a transaction committed is looked up: by the
 * entries it inserted (a transaction commits whole, so one of them found means all of it), or, where those cannot
 * tell, by the marker it wrote ({@link CommitMarkers}): a batch that inserted no entry (a gateway collecting no
 * logs, a full {@code STOP_INSERTING} cap), one whose cap deleted entries (its own among them, perhaps), and the
 * sums written on their own. If it committed, its sums count and the retry skips its entries, where before each
 * failed on its own primary key, the batch was retried until the writer gave its entries up as refused, and their
 * sums were lost or counted twice. A batch of entries not found yet stays unresolved (its commit may still be under
 * way; the retry's inserts of the same keys wait for it) until it is found, a later commit stores its entries itself,
 * or the writer is next idle. A transaction with a marker is settled at once either way by claiming the marker
 * ({@link CommitMarkers#committed}). Used by the one log writer, under its lock.
 */
final class UnconfirmedCommits {

    /** Ids to look for in one statement: well under every database's limit on a statement's parameters. */
    private static final int IDS_PER_LOOKUP = 500;
    /** Unresolved transactions kept at most; the oldest beyond counts as not committed. */
    private static final int MOST_UNRESOLVED = 8;

    private final Jdbc jdbc;
    private final Deque<Unresolved> unresolved = new ArrayDeque<>();
    /** Entries of batches found committed, skipped until a retry without them commits. */
    private final Set<String> committed = new HashSet<>();

    private record Unresolved(List<String> inserted, OptionalLong marker, Set<String> all,
                              JdbcAnalyticsWriter.Unconfirmed sums) {
    }

    UnconfirmedCommits(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The commit of a transaction went unconfirmed: it wrote {@code batch} (empty: sums alone), of which it inserted
     * {@code inserted}, and {@code marker} when those cannot tell whether it committed.
     */
    void unconfirmed(List<LogWrite> batch, List<LogWrite> inserted, OptionalLong marker,
                     JdbcAnalyticsWriter.Unconfirmed sums) {
        if (unresolved.size() == MOST_UNRESOLVED) {
            unresolved.removeFirst().sums().notCommitted();
        }
        Set<String> all = new HashSet<>();
        batch.forEach(write -> all.add(write.entry().id()));
        unresolved.addLast(new Unresolved(inserted.stream().map(write -> write.entry().id()).toList(), marker, all,
                sums));
    }

    /** Looks up each unresolved transaction; throws, leaving them unresolved, when the database cannot be asked. */
    void settle() {
        for (Iterator<Unresolved> it = unresolved.iterator(); it.hasNext(); ) {
            Unresolved transaction = it.next();
            if (transaction.marker().isPresent()) {
                settled(transaction, CommitMarkers.committed(jdbc, transaction.marker().getAsLong()));
                it.remove();
            } else if (anyStored(transaction.inserted())) {
                settled(transaction, true);
                it.remove();
            }
        }
    }

    private void settled(Unresolved transaction, boolean committedWhole) {
        if (committedWhole) {
            transaction.sums().committed();
            committed.addAll(transaction.all());
        } else {
            transaction.sums().notCommitted();
        }
    }

    /** The batch without the entries of a batch found committed. */
    List<LogWrite> withoutCommitted(List<LogWrite> batch) {
        if (committed.isEmpty()) {
            return batch;
        }
        List<LogWrite> fresh = new ArrayList<>(batch.size());
        for (LogWrite write : batch) {
            if (!committed.contains(write.entry().id())) {
                fresh.add(write);
            }
        }
        return fresh.size() == batch.size() ? batch : Collections.unmodifiableList(fresh);
    }

    /**
     * {@code fresh}, what was written of {@code batch}, committed (or there was nothing to write): the entries
     * skipped are done with, and an unresolved batch that held any entry written did not commit.
     */
    void written(List<LogWrite> batch, List<LogWrite> fresh) {
        if (committed.isEmpty() && unresolved.isEmpty()) {
            return;
        }
        batch.forEach(write -> committed.remove(write.entry().id()));
        Set<String> ids = new HashSet<>();
        fresh.forEach(write -> ids.add(write.entry().id()));
        unresolved.removeIf(earlier -> {
            boolean superseded = earlier.all().stream().anyMatch(ids::contains);
            if (superseded) {
                earlier.sums().notCommitted();
            }
            return superseded;
        });
    }

    /**
     * The writer holds no batch (it is idle): a batch still unresolved was given up, and is looked up once more;
     * what is not found counts as not committed.
     */
    void idle() {
        settle();
        unresolved.forEach(batch -> batch.sums().notCommitted());
        unresolved.clear();
        committed.clear();
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
