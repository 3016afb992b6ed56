package dev.sluice.adapters.store.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQLite's {@code PRAGMA quick_check} over the embedded file, once, on a thread of its own after start. A file whose
 * header or schema is damaged does not open ({@link DamagedDatabaseException}); one whose other pages are damaged
 * opens, serves, and fails only the writes and reads that reach those pages, which SQLite finds only by reading
 * every page. That takes seconds on a large file (6 s warm, 27 s cold for 2.8 GB: docs/PERFORMANCE.md), too long
 * to hold the start for, so the check runs beside the gateway on a read-only connection of its own (not one of the
 * pool's). A damaged file is logged once, with what to do, and {@link #damage} tells {@code /health}.
 */
public final class SqliteIntegrityCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteIntegrityCheck.class);
    /** The problems quick_check lists at most: enough to show where, not a page of them. */
    private static final int MOST_PROBLEMS = 5;

    private final Path file;
    private volatile Optional<String> damage = Optional.empty();
    private volatile Statement running;
    private volatile boolean closed;

    SqliteIntegrityCheck(Path file) {
        this.file = file;
    }

    /** Starts the check of {@code file} on a daemon thread of its own. */
    public static SqliteIntegrityCheck start(Path file) {
        SqliteIntegrityCheck check = new SqliteIntegrityCheck(file.toAbsolutePath());
        Thread thread = new Thread(check::run, "sluice-sqlite-check");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return check;
    }

    /** No check: a database that is not an SQLite file, or a check turned off. */
    public static SqliteIntegrityCheck none() {
        return new SqliteIntegrityCheck(null);
    }

    /** What the check found wrong with the file, once it has; empty while it runs, and when the file is whole. */
    public Optional<String> damage() {
        return damage;
    }

    /** Runs the check on the calling thread, and reports what it found. */
    void run() {
        long start = System.nanoTime();
        try {
            List<String> rows = rows();
            if (closed) {
                return;
            }
            if (rows.equals(List.of("ok"))) {
                LOG.info("The database file {} passed SQLite's quick check in {} ms", file,
                        (System.nanoTime() - start) / 1_000_000);
            } else {
                damaged(oneLine(rows));
            }
        } catch (SQLException e) {
            Optional<String> corrupt = DamagedDatabaseException.damage(e);
            if (corrupt.isPresent()) {
                damaged(corrupt.get());
            } else if (!closed) {
                LOG.warn("SQLite's quick check of {} could not run: {}", file, e.getMessage());
            }
        }
    }

    /**
     * The check's rows on one line: a row may hold several lines, the first of them a heading
     * ({@code *** in database main ***}).
     */
    static String oneLine(List<String> rows) {
        return rows.stream().flatMap(String::lines).map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("***"))
                .collect(Collectors.joining("; "));
    }

    private List<String> rows() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            running = statement;
            if (closed) {
                return List.of();
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("pragma quick_check(" + MOST_PROBLEMS + ")")) {
                while (found.next()) {
                    rows.add(found.getString(1));
                }
            }
            return rows;
        } finally {
            running = null;
        }
    }

    private void damaged(String problems) {
        damage = Optional.of(problems);
        LOG.error("The database file {} is damaged: SQLite's quick check found: {}. Writes and reads that reach the"
                + " damaged pages fail, and /health reports the store DOWN. {}", file, problems,
                DamagedDatabaseException.advice(file));
    }

    /** Stops a check still running (SQLite is interrupted; nothing is reported). */
    @Override
    public void close() {
        closed = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the check ends with the process either way
            }
        }
    }
}
