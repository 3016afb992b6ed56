package dev.sluice.adapters.store.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The embedded database file held by one Sluice process: an exclusive lock on {@code <file>.lock} beside it, taken
 * before the file is opened and kept until the store closes (or the process ends, when the system lets it go). Two
 * processes on one file shared its gateways and logs, but each kept its own cache and limit counters, and each saved
 * its counters over the other's, so budgets went uncounted with no word said; a second process now does not start.
 * The lock file keeps the holder's process id, for the message; nothing in the holding process may open it, since
 * closing any descriptor of a file lets go of the process's locks on it (POSIX record locks). A file system that takes no locks (some network
 * mounts) is warned of and not refused: the lock cannot be had there, and refusing would leave Sluice unable to start.
 */
public final class SqliteFileLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteFileLock.class);
    private static final SqliteFileLock NONE = new SqliteFileLock(null, null);

    private final FileChannel channel;
    private final FileLock lock;

    private SqliteFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** No lock: the store is not an embedded file. */
    public static SqliteFileLock none() {
        return NONE;
    }

    /**
     * Takes the lock of {@code databaseFile}, creating its directory and lock file as needed.
     *
     * @throws SqliteFileInUseException when another process (or another store in this one) holds it
     */
    public static SqliteFileLock take(Path databaseFile) {
        Path file = databaseFile.toAbsolutePath().normalize();
        Path lockFile = lockFile(file);
        FileChannel channel;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("Could not open {} to hold the database file for this process ({}); going on without it: run one"
                    + " Sluice per data directory", lockFile, e.toString());
            return NONE;
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            close(channel);
            throw new SqliteFileInUseException(file, lockFile, ProcessHandle.current().pid());
        } catch (IOException e) {
            close(channel);
            LOG.warn("The file system of {} takes no lock ({}); going on without one: run one Sluice per data"
                    + " directory", lockFile, e.toString());
            return NONE;
        }
        if (lock == null) {
            long holder = holder(lockFile);
            close(channel);
            throw new SqliteFileInUseException(file, lockFile, holder);
        }
        writePid(channel, lockFile);
        return new SqliteFileLock(channel, lock);
    }

    /** The lock file of {@code databaseFile}: {@code logs.db.lock} beside {@code logs.db}. */
    public static Path lockFile(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + ".lock");
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close below lets it go too.
        }
        close(channel);
    }

    private static void writePid(FileChannel channel, Path lockFile) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            channel.force(false);
        } catch (IOException e) {
            LOG.debug("Could not write this process's id into {}", lockFile, e);
        }
    }

    /** The process id the holder wrote, or -1 when it cannot be read. */
    private static long holder(Path lockFile) {
        try {
            return Long.parseLong(Files.readString(lockFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException unreadable) {
            return -1;
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written that a close could lose.
        }
    }
}
