package dev.sluice.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
        String log = RefusedStart.run(dataDir, "sluice.logs.batch-size=abc");
        assertThat(log.split("Sluice cannot start with this configuration", -1)).as(log).hasSize(2);
        assertThat(log).contains("sluice.logs.batch-size (SLUICE_LOGS_BATCH_SIZE) is 'abc': is not a whole number");
    }
}
