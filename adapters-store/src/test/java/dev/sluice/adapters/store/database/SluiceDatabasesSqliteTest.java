package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SluiceDatabasesSqliteTest {

    @TempDir
    Path dir;

    /** Every connection of the pool, not only the first: each one's commits can grow the log. */
    @Test
    void everyConnectionKeepsTheLogInWalModeWithItsSizeLimited() throws Exception {
        try (HikariDataSource database = SluiceDatabases.sqlite(dir.resolve("sluice.db"), 3)) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    connections.add(database.getConnection());
                }
                for (Connection connection : connections) {
                    assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
                    assertThat(pragma(connection, "journal_size_limit"))
                            .isEqualTo(String.valueOf(SluiceDatabases.JOURNAL_SIZE_LIMIT));
                    assertThat(pragma(connection, "wal_autocheckpoint")).isEqualTo("10000");
                }
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    private static String pragma(Connection connection, String name) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("pragma " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
