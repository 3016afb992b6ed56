package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.regex.Pattern;

/** The account a gateway belongs to; Sluice serves one, but the URLs keep Cloudflare's shape. */
public record AccountId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AccountId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new GatewayException(ErrorCode.UNKNOWN_GATEWAY, "Invalid account id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
