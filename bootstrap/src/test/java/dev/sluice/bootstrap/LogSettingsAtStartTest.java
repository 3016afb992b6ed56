package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code sluice.logs.*} value the log refuses stops Sluice as it starts, with the setting's name: made at the
 * first request instead, every request failed with a 500 while the process looked healthy.
 */
class LogSettingsAtStartTest {

    @TempDir
    Path dir;

    @Test
    void aMaxBodySizeAboveWhatStoresReadStopsTheStart() {
        Map<String, Object> properties = Map.of(
                "sluice.data-dir", dir.toString(),
                "micronaut.server.port", "-1",
                "sluice.logs.max-body-size", "100000000");
        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                // The configuration check, which runs before the store is made, names it first.
                .hasStackTraceContaining("sluice.logs.max-body-size (SLUICE_LOGS_MAX_BODY_SIZE) is '100000000': "
                        + "must be between 0 and 67108864");
    }
}
