package dev.sluice.adapters.store.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void copiesTheWriteAheadLogIntoTheFileWhileTheWriterKeepsItsConnection() throws Exception {
        Path file = dir.resolve("wal.db");
        SQLiteDataSource database = database(file);
        try (Connection writer = writer(database)) {
            insert(writer, 2_000);
            assertThat(Files.size(file)).as("the rows are in the WAL, not yet in the file").isLessThan(100_000);

            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(50), 100,
                    Duration.ofMinutes(10))) {
                awaitSizeOver(file, 2_000_000);
            }
        }
    }

    /**
     * A copy writes every page the log holds a newer version of; most are new pages, so the thread copies when
     * the pages in use have grown, and otherwise only now and then (a log of a few pages rewritten over and over, what
     * small batches write, costs more to copy often than it saves).
     */
    @Test
    void copiesWhenTheFileHasGrownOrTheLongestWaitHasPassed() throws Exception {
        Path file = dir.resolve("growth.db");
        SQLiteDataSource database = database(file);
        try (Connection writer = writer(database)) {
            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(20), 200,
                    Duration.ofMinutes(10))) {
                insert(writer, 100);
                Thread.sleep(300);
                assertThat(Files.size(file)).as("100 KB grew the file by fewer than 200 pages: not copied yet")
                        .isLessThan(100_000);
                insert(writer, 1_000);
                awaitSizeOver(file, 500_000);
            }
            insert(writer, 100);
            // Read before the thread starts: it may copy on its first look, and the growth would then be missed.
            long before = Files.size(file);
            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(20), 1_000_000,
                    Duration.ofMillis(200))) {
                awaitSizeOver(file, before + 50_000);
            }
        }
    }

    /**
     * Once deletion has freed pages, new entries fill those first and the file does not grow: the thread
     * counts pages in use, so the log of such writes is copied as soon as it is as large as the growth it waits
     * for, not only when the longest wait has passed.
     */
    @Test
    void copiesWhenFreedPagesAreFilledAgain() throws Exception {
        Path file = dir.resolve("reuse.db");
        SQLiteDataSource database = database(file);
        try (Connection writer = writer(database)) {
            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(20), 200,
                    Duration.ofMinutes(10))) {
                insert(writer, 1_000);
                awaitCopies(checkpoints, 1);
                long pages = pageCount(writer);
                try (Statement statement = writer.createStatement()) {
                    statement.execute("delete from entries");
                }
                Thread.sleep(200);
                // Read after the looks that saw the pages freed: a copy still due from the first rows is counted.
                long copied = checkpoints.copies();
                insert(writer, 1_000);
                awaitCopies(checkpoints, copied + 1);
                assertThat(pageCount(writer)).as("the new rows filled the freed pages").isEqualTo(pages);
            }
        }
    }

    /**
     * A gateway at its cap with {@code DELETE_OLDEST}: the writer deletes as many entries as it adds in one
     * transaction, so the pages in use never grow; what the writer reports it wrote in the room it freed counts.
     */
    @Test
    void copiesWhatTheWriterReportsThoughThePagesInUseStayTheSame() throws Exception {
        Path file = dir.resolve("capped.db");
        SQLiteDataSource database = database(file);
        try (Connection writer = writer(database)) {
            insert(writer, 1_000);
            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(20), 200,
                    Duration.ofMinutes(10))) {
                awaitCopies(checkpoints, 1);
                long copied = checkpoints.copies();
                // 1,000 rows of 1 KB in all: over 200 pages, so a copy would follow if the deletes freed nothing.
                for (int round = 0; round < 10; round++) {
                    writer.setAutoCommit(false);
                    try (Statement statement = writer.createStatement()) {
                        statement.execute("delete from entries where rowid in"
                                + " (select rowid from entries order by rowid limit 100)");
                    }
                    insert(writer, 100);
                    Thread.sleep(100);
                }
                assertThat(checkpoints.copies()).as("1 MB written, but the pages in use did not grow")
                        .isEqualTo(copied);

                checkpoints.refilled(200 * SqliteCheckpoints.PAGE_BYTES);
                awaitCopies(checkpoints, copied + 1);
            }
        }
    }

    private static long pageCount(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("pragma page_count")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void awaitCopies(SqliteCheckpoints checkpoints, long copies) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (checkpoints.copies() < copies && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(checkpoints.copies()).as("copies made").isGreaterThanOrEqualTo(copies);
    }

    private static SQLiteDataSource database(Path file) {
        SQLiteDataSource database = new SQLiteDataSource();
        database.setUrl("jdbc:sqlite:" + file);
        return database;
    }

    /** A connection to a new database in WAL mode that SQLite never checkpoints on its own, with a table. */
    private static Connection writer(SQLiteDataSource database) throws Exception {
        Connection writer = database.getConnection();
        try (Statement statement = writer.createStatement()) {
            statement.execute("pragma journal_mode = WAL");
            statement.execute("pragma wal_autocheckpoint = 0");
            statement.execute("create table entries (body blob)");
        }
        return writer;
    }

    /** Rows of 1 KB, in one transaction (with what the connection's transaction under way holds). */
    private static void insert(Connection writer, int rows) throws Exception {
        writer.setAutoCommit(false);
        try (PreparedStatement insert = writer.prepareStatement("insert into entries (body) values (?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setBytes(1, new byte[1024]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        writer.commit();
        writer.setAutoCommit(true);
    }

    private static void awaitSizeOver(Path file, long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.size(file) <= size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.size(file)).as("checkpointed into the file").isGreaterThan(size);
    }
}
