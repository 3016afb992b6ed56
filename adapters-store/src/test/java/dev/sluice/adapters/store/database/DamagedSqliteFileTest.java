package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded file damaged as a disk does it: what opening it says, and what the check after start finds. */
class DamagedSqliteFileTest {

    @TempDir
    Path dir;
    /** The first and last page of the filler table. */
    private long[] filler;

    private Path madeWithFiller() throws Exception {
        Path file = dir.resolve("logs.db");
        SluiceDatabases.sqlite(file, 2).close();
        filler = DamagedFiles.addFiller(file, 400);
        return file;
    }

    @Test
    void aFileWhoseHeaderIsDamagedDoesNotOpenAndTheErrorNamesItAndWhatToDo() throws Exception {
        Path file = madeWithFiller();
        DamagedFiles.scribble(file, 0, 100);
        assertThatThrownBy(() -> SluiceDatabases.sqlite(file, 2))
                .isInstanceOf(DamagedDatabaseException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not a database")
                .hasMessageContaining("restore them from a backup")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileWhoseSchemaIsDamagedDoesNotOpen() throws Exception {
        Path file = madeWithFiller();
        DamagedFiles.scribble(file, 100, DamagedFiles.PAGE - 100);
        assertThatThrownBy(() -> SluiceDatabases.sqlite(file, 2))
                .isInstanceOf(DamagedDatabaseException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("malformed");
    }

    @Test
    void pagesDamagedInTheMiddleOpenButTheQuickCheckFindsThem() throws Exception {
        Path file = madeWithFiller();
        assertThat(filler[1] - filler[0]).isGreaterThan(60);
        DamagedFiles.scribble(file, (filler[0] + 20) * DamagedFiles.PAGE, 4 * DamagedFiles.PAGE);
        SluiceDatabases.sqlite(file, 2).close(); // opens and migrates: nothing it reads is damaged

        SqliteIntegrityCheck check = new SqliteIntegrityCheck(file);
        check.run();
        assertThat(check.damage()).isPresent();
    }

    @Test
    void whatTheCheckFoundIsLoggedOnOneLine() {
        assertThat(SqliteIntegrityCheck.oneLine(List.of("""
                *** in database main ***
                Tree 16 page 52: btreeInitPage() returns error code 11
                Tree 16 page 50: btreeInitPage() returns error code 11""", "Tree 5 page 51: btreeInitPage() returns error code 11")))
                .isEqualTo("Tree 16 page 52: btreeInitPage() returns error code 11; Tree 16 page 50: btreeInitPage() returns"
                        + " error code 11; Tree 5 page 51: btreeInitPage() returns error code 11");
    }

    @Test
    void aWholeFilePassesTheQuickCheck() throws Exception {
        Path file = madeWithFiller();
        try (HikariDataSource open = SluiceDatabases.sqlite(file, 2)) {
            SqliteIntegrityCheck check = new SqliteIntegrityCheck(file);
            check.run();
            assertThat(check.damage()).isEmpty();
        }
    }
}
