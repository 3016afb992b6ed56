package dev.sluice.adapters.http.logs;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.adapters.http.logquery.QueryParameter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw query string as decoded pairs, in the order they were sent: the repeated dotted filter keys of
 * Cloudflare's API client are grouped by that order, which a parameter map would lose.
 */
final class QueryStrings {

    private static final int MAX_PARAMETERS = 1_000;

    private QueryStrings() {
    }

    static List<QueryParameter> parse(String rawQuery) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (parameters.size() >= MAX_PARAMETERS) {
                throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                        "at most " + MAX_PARAMETERS + " query parameters are allowed");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.add(new QueryParameter(name, value));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "'" + shown + "' is not validly percent-encoded");
        }
    }
}
