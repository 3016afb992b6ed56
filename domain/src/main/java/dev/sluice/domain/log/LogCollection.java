package dev.sluice.domain.log;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Headers;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether one request is logged, and whether its request and response bodies are kept with the entry.
 * The gateway's {@code collect_logs} decides unless the request says otherwise with
 * {@code cf-aig-collect-log}; {@code cf-aig-collect-log-payload: false} keeps the entry without bodies,
 * and a request that is not logged keeps no bodies either.
 */
public record LogCollection(boolean collect, boolean payload) {

    public static final String COLLECT = "cf-aig-collect-log";
    public static final String PAYLOAD = "cf-aig-collect-log-payload";

    public LogCollection {
        if (payload && !collect) {
            throw new IllegalArgumentException("bodies are kept only with a log entry");
        }
    }

    public static LogCollection decide(GatewaySettings settings, Headers headers) {
        boolean collect = flag(headers, COLLECT).orElse(settings.collectLogs());
        boolean payload = flag(headers, PAYLOAD).orElse(true);
        return new LogCollection(collect, collect && payload);
    }

    private static Optional<Boolean> flag(Headers headers, String name) {
        return headers.first(name).map(value -> switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new GatewayException(ErrorCode.INVALID_HEADER, name + " must be true or false, got '"
                    + (value.length() > 32 ? value.substring(0, 32) + "…" : value.trim()) + "'");
        });
    }
}
