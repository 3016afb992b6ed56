package dev.sluice.adapters.store.database;

import dev.sluice.adapters.store.jdbc.StoreException;

import java.nio.file.Path;

/**
 * The embedded database file is held by another Sluice process ({@link SqliteFileLock}), so this one does not start
 * on it; the message is one line for the operator, naming the file, the holder and what to do.
 */
public final class SqliteFileInUseException extends StoreException {

    /** @param chosenBy the setting that named the file ({@code SLUICE_DATA_DIR}, {@code sluice.database.url}) */
    SqliteFileInUseException(Path file, Path lockFile, String holder, String chosenBy) {
        super("The database file " + file + " is in use by another Sluice process (" + holder + ", holding "
                + lockFile.getFileName() + "), so this one will not start on it: two processes on one file keep"
                + " separate caches and limit counters and save their counters over each other's. Stop the other"
                + " process first (a deploy replaces the old process rather than starting beside it), give this one"
                + " its own file (" + chosenBy + "), or share PostgreSQL (sluice.database.url) and Redis"
                + " (sluice.limits.redis-url) between replicas.", null);
    }
}
