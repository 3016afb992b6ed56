package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.name.Names;

/** The provider's name in a gateway URL: {@code openai}, {@code workers-ai}, {@code custom-ollama}. */
public record ProviderSlug(String value) {

    private static final String CUSTOM_PREFIX = "custom-";

    public ProviderSlug {
        if (!Names.isHyphenatedWords(value, 64, false)) {
            throw new GatewayException(ErrorCode.INVALID_PROVIDER);
        }
    }

    public boolean isCustom() {
        return value.startsWith(CUSTOM_PREFIX) && value.length() > CUSTOM_PREFIX.length();
    }

    @Override
    public String toString() {
        return value;
    }
}
