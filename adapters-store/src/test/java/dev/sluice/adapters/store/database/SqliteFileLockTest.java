package dev.sluice.adapters.store.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        SqliteFileLock first = SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR");
        assertThatThrownBy(() -> SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR")).isInstanceOf(SqliteFileInUseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("pid " + ProcessHandle.current().pid() + " on ")
                .hasMessageContaining("logs.db.lock");
        first.close();
        SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR").close();
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
            assertThat(Files.readString(SqliteFileLock.lockFile(file))).startsWith(holder.pid() + " ");
            assertThatThrownBy(() -> SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR")).isInstanceOf(SqliteFileInUseException.class)
                    .hasMessageContaining("pid " + holder.pid() + " on ")
                    .hasMessageContaining("SLUICE_DATA_DIR");
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Killed, it closed nothing: the system let the lock go with the process.
        SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR").close();
        // Read only once let go: closing any descriptor of the file would let this process's lock go (POSIX).
        assertThat(Files.readString(SqliteFileLock.lockFile(file))).startsWith(ProcessHandle.current().pid() + " ");
    }

    /**
     * Found by a review: a second store in this process opened the lock file to try it, and its close let go of the
     * process's lock (POSIX), so another process could then take the file. It is refused without opening the file.
     */
    @Test
    void aSecondHolderRefusedInThisProcessLeavesTheFileHeldAgainstOthers() throws Exception {
        Path file = dir.resolve("logs.db");
        try (SqliteFileLock held = SqliteFileLock.take(file, Duration.ZERO, "SLUICE_DATA_DIR")) {
            assertThatThrownBy(() -> SqliteFileLock.take(dir.resolve(".").resolve("logs.db"), Duration.ZERO,
                    "SLUICE_DATA_DIR")).isInstanceOf(SqliteFileInUseException.class);
            Process other = holder(file);
            try {
                assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("the other process gave up").isTrue();
                assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("SqliteFileInUseException").doesNotContain("held");
            } finally {
                other.destroyForcibly();
            }
        }
    }

    /** A restart whose new process starts while the old one is stopping waits for it rather than failing. */
    @Test
    void aTakeWaitsForAnotherProcessThatStopsWithinTheWait() throws Exception {
        Path file = dir.resolve("logs.db");
        Process other = holder(file);
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("held");
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                other.destroyForcibly();
            });
            stopper.start();
            long started = System.nanoTime();
            SqliteFileLock.take(file, Duration.ofSeconds(20), "SLUICE_DATA_DIR").close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(500));
            stopper.join();
        } finally {
            other.destroyForcibly();
        }
    }

    private static Process holder(Path file) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
    }

    /** Another process holding a file's lock until it is killed. */
    static final class LockHolder {

        public static void main(String[] args) throws Exception {
            SqliteFileLock.take(Path.of(args[0]), Duration.ZERO, "SLUICE_DATA_DIR");
            System.out.println("held");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
