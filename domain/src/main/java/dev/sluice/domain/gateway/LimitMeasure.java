package dev.sluice.domain.gateway;

import java.util.Locale;

/**
 * What a limit rule counts: requests, tokens (input + output, from the answer's usage once it ends),
 * requests in flight at once, or dollars spent (a spend limit).
 */
public enum LimitMeasure {
    REQUESTS, TOKENS, CONCURRENT, COST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
