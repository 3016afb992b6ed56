package dev.sluice.adapters.store.database;

import dev.sluice.adapters.store.RateLimitedWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies the embedded file's write-ahead log into the database on a thread of its own, whenever the database has
 * grown by {@link #GROWTH_PAGES} pages in use (4 MB with SQLite's 4 KiB pages), counting what the log writer wrote
 * into room it freed ({@link #refilled}), or {@link #LONGEST} has passed, with
 * a passive checkpoint (it never waits for the writer or blocks it). Left to SQLite, the checkpoint runs inside
 * the commit that crosses {@code wal_autocheckpoint}: the log writer then stood still for as long as it took to
 * copy 40 MB of pages into a file of gigabytes, its queue filled at full load, and entries were dropped
 * (docs/PERFORMANCE.md, issue 18). SQLite's own checkpoint stays on ({@link SluiceDatabases#sqlite}): with the
 * pages already copied here it is short, and it is what lets the log start over.
 */
public final class SqliteCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpoints.class);

    /**
     * How often the thread looks at the database, and copies the log when the pages in use have grown by
     * {@link #GROWTH_PAGES} since the last copy or {@link #LONGEST} has passed. SQLite's own checkpoint (at 10,000
     * pages of log) copies whatever this thread has not yet: at full load the log grows by about 10,000 pages a
     * second, and with a copy only once a second that checkpoint's commit took 30–110 ms once a second (even with
     * the file on tmpfs), the writer's queue grew by thousands of entries, and they outlived young collections and
     * filled the old generation (full collections of 40–80 ms). What a copy costs is the distinct pages it writes,
     * nearly all of them new ones (the file grows by about 1.3 KB a request): so the thread copies when 4 MB more
     * is in use. Copying every 100 ms whatever the growth cost sixteen times the CPU at one connection, where small
     * batches rewrite the same few pages and the log is mostly copies of them (docs/PERFORMANCE.md, "Stalls").
     *
     * <p>Pages in use, not the file's pages: once deletion has freed pages, new entries fill those first and the
     * file does not grow at all. Growth is counted from the fewest in use since the last copy, so that pages freed
     * and then filled again between two looks count. Freed and filled within one look they are missed: so it is
     * for a gateway at its cap with {@code DELETE_OLDEST}, whose writer deletes as many entries as it adds in the
     * same transaction. So the log writer reports what it wrote in the room of the entries it deleted
     * ({@link #refilled}), and that counts as growth too. Anything else is as before.
     */
    public static final Duration LOOK = Duration.ofMillis(100);
    public static final long GROWTH_PAGES = 1_000;
    public static final Duration LONGEST = Duration.ofSeconds(1);
    /** SQLite's default page size, which {@link SluiceDatabases} does not change: close enough for an estimate. */
    static final long PAGE_BYTES = 4_096;

    private final DataSource database;
    /** Null for a database that is not SQLite. */
    private final ScheduledExecutorService timer;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));
    private final long growthPages;
    private final long longestNanos;
    /**
     * The fewest pages in use seen since the last copy; none before the first, so that the first look copies
     * whatever an earlier run left in the log of a database of more than {@link #GROWTH_PAGES}.
     */
    private long fewestInUse = 0;
    /** What the log writer wrote into room it freed, in bytes by its own estimate. */
    private final LongAdder refilledBytes = new LongAdder();
    /** Read by the timer's thread only. */
    private long refilledAtLastCopy;
    /** Copies made so far, for tests. */
    private volatile long copies;
    private long lastCopyNanos = System.nanoTime();

    private SqliteCheckpoints(DataSource database, ScheduledExecutorService timer, long growthPages,
                              Duration longest) {
        this.database = database;
        this.timer = timer;
        this.growthPages = growthPages;
        this.longestNanos = longest.toNanos();
    }

    /** Copies with Sluice's timing: {@link #LOOK}, {@link #GROWTH_PAGES}, {@link #LONGEST}. */
    public static SqliteCheckpoints start(DataSource database) {
        return start(database, LOOK, GROWTH_PAGES, LONGEST);
    }

    static SqliteCheckpoints start(DataSource database, Duration look, long growthPages, Duration longest) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-sqlite-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(database, timer, growthPages, longest);
        checkpoints.timer.scheduleWithFixedDelay(checkpoints::checkpointIfDue, look.toMillis(), look.toMillis(),
                TimeUnit.MILLISECONDS);
        return checkpoints;
    }

    /** For a database that is not SQLite: checkpoints nothing. */
    public static SqliteCheckpoints none() {
        return new SqliteCheckpoints(null, null, 0, Duration.ZERO);
    }

    /** Only ever on the timer's one thread. */
    void checkpointIfDue() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            long inUse;
            try (ResultSet count = statement.executeQuery(
                    "select page_count - freelist_count from pragma_page_count(), pragma_freelist_count()")) {
                inUse = count.next() ? count.getLong(1) : 0;
            }
            fewestInUse = Math.min(fewestInUse, inUse);
            long refilled = refilledBytes.sum();
            long grownBytes = (inUse - fewestInUse) * PAGE_BYTES + refilled - refilledAtLastCopy;
            long now = System.nanoTime();
            if (grownBytes < growthPages * PAGE_BYTES && now - lastCopyNanos < longestNanos) {
                return;
            }
            statement.execute("pragma wal_checkpoint(PASSIVE)");
            fewestInUse = inUse;
            refilledAtLastCopy = refilled;
            lastCopyNanos = now;
            copies++;
        } catch (Throwable e) {
            // Whatever went wrong, the thread must look again next time: an exception escaping the task would
            // cancel its schedule for good, and SQLite's own checkpoint would be back in the writer's commits.
            if (timer.isShutdown()) {
                return; // closing interrupted the wait for a connection
            }
            warning.warn("Cannot checkpoint the embedded database's write-ahead log (SQLite will at its own mark): {}",
                    e.toString());
        }
    }

    /**
     * The log writer's count of what one of its transactions wrote in the room of entries it deleted (a gateway at
     * its cap with {@code DELETE_OLDEST}), called after the commit from the writer's thread. It is an estimate of
     * what the pages in use do not show.
     */
    public void refilled(long bytes) {
        refilledBytes.add(bytes);
    }

    long copies() {
        return copies;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                // A copy under way finishes (SQLite does not stop for an interrupt) before the pool is closed.
                if (!timer.awaitTermination(1, TimeUnit.SECONDS)) {
                    LOG.warn("A checkpoint of the embedded database was still running when it was closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
