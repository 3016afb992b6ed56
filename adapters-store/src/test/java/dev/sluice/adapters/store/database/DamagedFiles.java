package dev.sluice.adapters.store.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/** Damages an SQLite file the way a disk or a careless copy does: garbage over some of its bytes. */
public final class DamagedFiles {

    public static final int PAGE = 4_096;

    private DamagedFiles() {
    }

    /**
     * Adds a table of {@code rows} rows of 1 KB to the (closed) file, after everything else, and answers the first
     * and last page it took: pages no query of Sluice's reads, so only a check finds them damaged.
     */
    public static long[] addFiller(Path file, int rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            long before = pageCount(statement);
            statement.execute("create table filler (value blob)");
            try (PreparedStatement insert = connection.prepareStatement("insert into filler values (randomblob(1000))")) {
                for (int i = 0; i < rows; i++) {
                    insert.executeUpdate();
                }
            }
            statement.execute("pragma wal_checkpoint(truncate)");
            return new long[] {before + 1, pageCount(statement)};
        }
    }

    /** Writes random bytes over {@code length} bytes of the file from {@code offset}. */
    public static void scribble(Path file, long offset, int length) throws IOException {
        byte[] garbage = new byte[length];
        new SplittableRandom(7).nextBytes(garbage);
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            open.seek(offset);
            open.write(garbage);
        }
    }

    private static long pageCount(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("pragma page_count")) {
            row.next();
            return row.getLong(1);
        }
    }
}
