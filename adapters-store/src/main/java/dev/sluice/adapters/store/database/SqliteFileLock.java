package dev.sluice.adapters.store.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded database file held by one Sluice process: an exclusive lock on {@code <file>.lock} beside it, taken
 * before the file is opened and kept until the store closes (or the process ends, when the system lets it go). Two
 * processes on one file shared its gateways and logs, but each kept its own cache and limit counters, and each saved
 * its counters over the other's, so budgets went uncounted with no word said; a second process now waits a while for
 * the first to stop (a restart that overlaps the old process's last moments), and then does not start.
 * <p>The lock file keeps the holder's process id and host, for the message. Nothing in the holding process may open
 * it: closing any descriptor of a file lets go of the process's locks on it (POSIX record locks), so a second store in
 * the same process is refused from {@link #HELD} without opening the file. A file system that takes no locks (some
 * network mounts) is warned of and not refused: the lock cannot be had there, and refusing would leave Sluice unable
 * to start.
 */
public final class SqliteFileLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteFileLock.class);
    private static final SqliteFileLock NONE = new SqliteFileLock(null, null, null);
    private static final long RETRY_MILLIS = 200;
    /** The lock files this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteFileLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** No lock: the store is not an embedded file. */
    public static SqliteFileLock none() {
        return NONE;
    }

    /**
     * Takes the lock of {@code databaseFile}, creating its directory and lock file as needed, waiting up to {@code wait}
     * for another process to let it go.
     *
     * @param chosenBy the setting that named the file, for the message
     * @throws SqliteFileInUseException when another process still holds it after the wait, or a store in this one does
     */
    public static SqliteFileLock take(Path databaseFile, Duration wait, String chosenBy) {
        Path file = databaseFile.toAbsolutePath().normalize();
        Path lockFile = lockFile(file);
        try {
            Files.createDirectories(lockFile.getParent());
            lockFile = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            LOG.warn("Could not open the directory of {} to hold the database file for this process ({}); going on"
                    + " without it: run one Sluice per database file", lockFile, e.toString());
            return NONE;
        }
        if (!HELD.add(lockFile)) {
            throw new SqliteFileInUseException(file, lockFile, holder(ProcessHandle.current().pid()), chosenBy);
        }
        try {
            SqliteFileLock taken = take(file, lockFile, wait, chosenBy);
            if (taken == NONE) {
                HELD.remove(lockFile);
            }
            return taken;
        } catch (RuntimeException refused) {
            HELD.remove(lockFile);
            throw refused;
        }
    }

    private static SqliteFileLock take(Path file, Path lockFile, Duration wait, String chosenBy) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            FileChannel channel;
            FileLock lock;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                LOG.warn("Could not open {} to hold the database file for this process ({}); going on without it: run"
                        + " one Sluice per database file", lockFile, e.toString());
                return NONE;
            }
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHereUnderAnotherName) {
                // This process holds it by another path (a hard link): closing this channel would let that go.
                throw new SqliteFileInUseException(file, lockFile, holder(ProcessHandle.current().pid()), chosenBy);
            } catch (IOException e) {
                close(channel);
                LOG.warn("The file system of {} takes no lock ({}); going on without one: run one Sluice per database"
                        + " file", lockFile, e.toString());
                return NONE;
            }
            if (lock != null) {
                writeHolder(channel, lockFile);
                return new SqliteFileLock(lockFile, channel, lock);
            }
            String holder = holder(lockFile);
            close(channel);
            if (System.nanoTime() >= deadline) {
                throw new SqliteFileInUseException(file, lockFile, holder, chosenBy);
            }
            if (!told) {
                LOG.info("The database file {} is held by another Sluice process ({}); waiting up to {} s for it to"
                        + " stop (sluice.database.lock-wait)", file, holder, wait.toSeconds());
                told = true;
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SqliteFileInUseException(file, lockFile, holder, chosenBy);
            }
        }
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
        HELD.remove(lockFile);
    }

    private static void writeHolder(FileChannel channel, Path lockFile) {
        try {
            byte[] holder = (ProcessHandle.current().pid() + " " + host() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder), 0);
            channel.force(false);
        } catch (IOException e) {
            LOG.debug("Could not write this process's id into {}", lockFile, e);
        }
    }

    /** Who the holder says it is ({@code pid 12 on host-a}), or that it cannot be read. */
    private static String holder(Path lockFile) {
        try {
            String[] said = Files.readString(lockFile, StandardCharsets.UTF_8).trim().split(" ", 2);
            return "pid " + Long.parseLong(said[0]) + (said.length > 1 ? " on " + said[1] : "");
        } catch (IOException | NumberFormatException unreadable) {
            return "which did not say who it is";
        }
    }

    private static String holder(long pid) {
        return "pid " + pid + " on " + host() + ", this process";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            return "an unknown host";
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
