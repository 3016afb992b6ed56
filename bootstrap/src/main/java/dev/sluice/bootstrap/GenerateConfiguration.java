package dev.sluice.bootstrap;

import dev.sluice.domain.generate.ModelName;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The dashboard API ({@code sluice.generate.*}): which gateway {@code POST /generate} goes through (this
 * Sluice by default, or a remote Cloudflare-compatible gateway at {@code remote-url}), its default model,
 * and the TTL its cached calls ask for. Defaults are documented in the README.
 */
@ConfigurationProperties("sluice.generate")
public record GenerateConfiguration(
        @Bindable(defaultValue = "default") String gateway,
        @Bindable(defaultValue = ModelName.DEFAULT_NAME) String defaultModel,
        @Bindable(defaultValue = "3600s") Duration cacheTtl,
        @Nullable String gatewayToken,
        @Nullable String remoteUrl,
        @Nullable String remoteAccountId) {

    boolean remote() {
        return remoteUrl != null && !remoteUrl.isBlank();
    }
}
