package dev.sluice.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that cannot mean what they say stop the start with their problems said once, each naming its key and
 * environment variable, and exit 1: Micronaut's failed start was 46 lines with the list twice among bean paths and
 * a stack trace.
 */
class ConfigurationRefusedAtStartTest {

    @TempDir
    Path dataDir;

    @Test
    void refusedSettingsAreSaidOnceWithoutAStackTrace() throws Exception {
        Path output = dataDir.resolve("sluice.log");
        ProcessBuilder command = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dmicronaut.server.port=-1", "-Dsluice.data-dir=" + dataDir, "-Dsluice.logs.batch-size=abc",
                "-cp", System.getProperty("java.class.path"), Application.class.getName()))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        command.environment().keySet().removeIf(name -> name.startsWith("SLUICE_") || name.startsWith("MICRONAUT_"));
        Process sluice = command.start();
        try {
            assertThat(sluice.waitFor(90, TimeUnit.SECONDS)).as("Sluice stopped").isTrue();
            String log = Files.readString(output);
            assertThat(sluice.exitValue()).as(log).isEqualTo(1);
            assertThat(log.lines().filter(line -> line.contains("ERROR"))).as(log).hasSize(1);
            assertThat(log.split("Sluice cannot start with this configuration", -1)).as(log).hasSize(2);
            assertThat(log).contains("sluice.logs.batch-size (SLUICE_LOGS_BATCH_SIZE) is 'abc': is not a whole number")
                    .doesNotContain("\tat ").doesNotContain("Path Taken");
        } finally {
            sluice.destroyForcibly();
        }
    }
}
