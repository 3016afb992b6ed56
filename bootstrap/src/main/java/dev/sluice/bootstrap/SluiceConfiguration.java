package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Sluice's own settings ({@code sluice.*}); each is overridable from the environment, e.g.
 * {@code SLUICE_DATA_DIR}. Defaults are documented in the README.
 */
@ConfigurationProperties("sluice")
public record SluiceConfiguration(
        @Bindable(defaultValue = "local") String accountId,
        @Bindable(defaultValue = "./data") Path dataDir,
        @Nullable String adminToken) {
}
