package dev.sluice.adapters.store.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One process per embedded file: a second holder, in this process or another, is refused with the holder's process id,
 * and the file is free again once the holder closes or its process dies.
 */
class SqliteFileLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderInThisProcessIsRefusedUntilTheFirstCloses() {
        Path file = dir.resolve("data").resolve("logs.db");
        SqliteFileLock first = SqliteFileLock.take(file);
        assertThatThrownBy(() -> SqliteFileLock.take(file)).isInstanceOf(SqliteFileInUseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageContaining("logs.db.lock");
        first.close();
        SqliteFileLock.take(file).close();
    }

    @Test
    void aFileAnotherProcessHoldsIsRefusedWithItsPidAndFreedWhenItDies() throws Exception {
        Path file = dir.resolve("logs.db");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("held");
            assertThat(Files.readString(SqliteFileLock.lockFile(file)).trim()).isEqualTo(String.valueOf(holder.pid()));
            assertThatThrownBy(() -> SqliteFileLock.take(file)).isInstanceOf(SqliteFileInUseException.class)
                    .hasMessageContaining("pid " + holder.pid() + ",")
                    .hasMessageContaining("SLUICE_DATA_DIR");
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Killed, it closed nothing: the system let the lock go with the process.
        SqliteFileLock.take(file).close();
        // Read only once let go: closing any descriptor of the file would let this process's lock go (POSIX).
        assertThat(Files.readString(SqliteFileLock.lockFile(file)).trim())
                .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }

    @Test
    void noneHoldsNothing() {
        SqliteFileLock.none().close();
        SqliteFileLock.none().close();
    }

    /** Another process holding a file's lock until it is killed. */
    static final class LockHolder {

        public static void main(String[] args) throws Exception {
            SqliteFileLock.take(Path.of(args[0]));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
