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

/**
 * Copies the embedded file's write-ahead log into the database on a thread of its own, whenever the file has
 * grown by 4 MB or a second has passed, with a passive checkpoint (it never waits for the writer or blocks it).
 * Left to SQLite, the checkpoint runs inside the commit that crosses {@code wal_autocheckpoint}: the log writer then stood
 * still for as long as it took to copy 40 MB of pages into a file of gigabytes, its queue filled at full
 * load, and entries were dropped (docs/PERFORMANCE.md, issue 18). SQLite's own checkpoint stays on
 * ({@link SluiceDatabases#sqlite}): with the pages already copied here it is short, and it is what lets the
 * log start over.
 */
public final class SqliteCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpoints.class);

    /**
     * How often the thread looks at the database, and copies the log when it has grown by {@link #GROWTH_PAGES}
     * since the last copy or {@link #LONGEST} has passed. SQLite's own checkpoint (at 10,000 pages of log) copies
     * whatever this thread has not yet: at full load the log grows by about 10,000 pages a second, and with a
     * copy only once a second that checkpoint's commit took 30–110 ms once a second (even with the file on
     * tmpfs), the writer's queue grew by thousands of entries, and they outlived young collections and filled the
     * old generation (full collections of 40–80 ms). What a copy costs is the distinct pages it writes, nearly
     * all of them new ones (the file grows by about 1.3 KB a request): so the thread copies when the file has
     * grown by 4 MB. Copying every 100 ms whatever the growth cost sixteen times the CPU at one connection, where
     * small batches rewrite the same few pages and the log is mostly copies of them (docs/PERFORMANCE.md,
     * "Stalls").
     */
    public static final Duration LOOK = Duration.ofMillis(100);
    public static final long GROWTH_PAGES = 1_000;
    public static final Duration LONGEST = Duration.ofSeconds(1);

    private final DataSource database;
    /** Null for a database that is not SQLite. */
    private final ScheduledExecutorService timer;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));
    private final long growthPages;
    private final long longestNanos;
    private long pagesAtLastCopy = -1;
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
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(database, Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-sqlite-checkpoints");
            thread.setDaemon(true);
            return thread;
        }), growthPages, longest);
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
            long pages;
            try (ResultSet count = statement.executeQuery("pragma page_count")) {
                pages = count.next() ? count.getLong(1) : 0;
            }
            long now = System.nanoTime();
            if (pages - pagesAtLastCopy < growthPages && now - lastCopyNanos < longestNanos) {
                return;
            }
            statement.execute("pragma wal_checkpoint(PASSIVE)");
            pagesAtLastCopy = pages;
            lastCopyNanos = now;
        } catch (SQLException | RuntimeException e) {
            warning.warn("Cannot checkpoint the embedded database's write-ahead log (SQLite will at its own mark): {}",
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
