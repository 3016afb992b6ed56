package dev.sluice.adapters.store.database;

import dev.sluice.adapters.store.jdbc.StoreException;
import dev.sluice.domain.error.Failures;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded database file is damaged: SQLite found its header unreadable ({@code SQLITE_NOTADB}) or its pages
 * inconsistent ({@code SQLITE_CORRUPT}). No retry cures it, so Sluice does not start on such a file; the message is
 * one line for the operator, naming the file and what to do.
 */
public final class DamagedDatabaseException extends StoreException {

    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    DamagedDatabaseException(Path file, String problem, Throwable cause) {
        super("The database file " + file + " is damaged (SQLite: " + problem + "), so Sluice will not start on it. "
                + advice(file), cause);
    }

    /** What an operator does about a damaged file: the same whether it was found at start or by a later check. */
    static String advice(Path file) {
        String name = String.valueOf(file.getFileName());
        return "Stop Sluice, move " + name + " and its " + name + "-wal and " + name + "-shm files aside, and restore"
                + " them from a backup, or start without them for an empty store (gateways from the configuration file"
                + " are made again; tokens, logs and analytics start over). `sqlite3 " + name
                + " .recover | sqlite3 recovered.db` may salvage what is still readable into a new file.";
    }

    /** SQLite's own words when {@code error}, or one of its causes, says the file is damaged. */
    static Optional<String> damage(Throwable error) {
        return Failures.chain(error).filter(SQLiteException.class::isInstance).map(SQLiteException.class::cast)
                .filter(sqlite -> (sqlite.getErrorCode() & 0xff) == SQLITE_CORRUPT
                        || (sqlite.getErrorCode() & 0xff) == SQLITE_NOTADB)
                .findFirst().map(sqlite -> sqlite.getResultCode().message);
    }
}
