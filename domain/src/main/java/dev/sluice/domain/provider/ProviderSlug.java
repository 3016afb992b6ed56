package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.regex.Pattern;

/** The provider's name in a gateway URL: {@code openai}, {@code workers-ai}, {@code custom-ollama}. */
public record ProviderSlug(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final String CUSTOM_PREFIX = "custom-";

    public ProviderSlug {
        if (value == null || value.length() > 64 || !VALID.matcher(value).matches()) {
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
