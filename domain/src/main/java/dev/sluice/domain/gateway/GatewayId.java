package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.name.Names;

import java.util.Optional;

/** A gateway's id: 1 to 64 characters of Cloudflare's pattern (lower-case words joined by hyphens). */
public record GatewayId(String value) {

    public static final GatewayId DEFAULT = new GatewayId("default");

    public GatewayId {
        if (!isValid(value)) {
            throw new GatewayException(ErrorCode.INVALID_BODY,
                    "Gateway id must be 1-64 characters of a-z, 0-9 and _, words joined by single hyphens");
        }
    }

    public static boolean isValid(String value) {
        return Names.isHyphenatedWords(value, 64, true);
    }

    /** Parses an id that arrived in a URL, where an unknown shape simply means an unknown gateway. */
    public static Optional<GatewayId> parse(String value) {
        return isValid(value) ? Optional.of(new GatewayId(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
