package dev.sluice.adapters.store.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void copiesTheWriteAheadLogIntoTheFileWhileTheWriterKeepsItsConnection() throws Exception {
        Path file = dir.resolve("wal.db");
        SQLiteDataSource database = new SQLiteDataSource();
        database.setUrl("jdbc:sqlite:" + file);
        try (Connection writer = database.getConnection()) {
            try (Statement statement = writer.createStatement()) {
                statement.execute("pragma journal_mode = WAL");
                statement.execute("pragma wal_autocheckpoint = 0");
                statement.execute("create table entries (body blob)");
            }
            writer.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement("insert into entries (body) values (?)")) {
                for (int i = 0; i < 2_000; i++) {
                    insert.setBytes(1, new byte[1024]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            writer.commit();
            assertThat(Files.size(file)).as("the rows are in the WAL, not yet in the file").isLessThan(100_000);

            try (SqliteCheckpoints checkpoints = SqliteCheckpoints.start(database, Duration.ofMillis(50))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (Files.size(file) < 2_000_000 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            assertThat(Files.size(file)).as("checkpointed into the file").isGreaterThan(2_000_000);
        }
    }
}
