package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower- or upper-case wire spelling of the settings' enumerations, with a clear error. */
final class WireEnums {

    private WireEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String wire, String field, boolean upperCase) {
        String name = wire == null ? "" : wire.trim().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> upperCase ? e.name() : e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new GatewayException(ErrorCode.INVALID_BODY, field + " must be one of: " + allowed);
    }
}
