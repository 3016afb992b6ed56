package dev.sluice.adapters.store.database;

import dev.sluice.adapters.store.RateLimitedWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copies the embedded file's write-ahead log into the database on a thread of its own, every
 * {@code interval}, with a passive checkpoint (it never waits for the writer or blocks it). Left to SQLite,
 * the checkpoint runs inside the commit that crosses {@code wal_autocheckpoint}: the log writer then stood
 * still for as long as it took to copy 40 MB of pages into a file of gigabytes, its queue filled at full
 * load, and entries were dropped (docs/PERFORMANCE.md, issue 18). SQLite's own checkpoint stays on
 * ({@link SluiceDatabases#sqlite}): with the pages already copied here it is short, and it is what lets the
 * log start over.
 */
public final class SqliteCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpoints.class);

    private final DataSource database;
    /** Null for a database that is not SQLite. */
    private final ScheduledExecutorService timer;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));

    private SqliteCheckpoints(DataSource database, ScheduledExecutorService timer) {
        this.database = database;
        this.timer = timer;
    }

    public static SqliteCheckpoints start(DataSource database, Duration interval) {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(database, Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-sqlite-checkpoints");
            thread.setDaemon(true);
            return thread;
        }));
        checkpoints.timer.scheduleWithFixedDelay(checkpoints::checkpoint, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return checkpoints;
    }

    /** For a database that is not SQLite: checkpoints nothing. */
    public static SqliteCheckpoints none() {
        return new SqliteCheckpoints(null, null);
    }

    void checkpoint() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("pragma wal_checkpoint(PASSIVE)");
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
