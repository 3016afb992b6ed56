package dev.sluice.domain.log;

import java.util.Locale;

/**
 * Log ids are UUIDs (lower-case UUIDv7, see {@link dev.sluice.domain.exchange.RequestIds}), which RFC 9562 compares
 * without regard to case: an id given in upper case (in a path, a filter or a search) names the same entry. It is
 * lower-cased here, before it is looked for, rather than compared with {@code lower()} in SQL, which would keep the
 * stores from using their index on ids.
 */
public final class LogIds {

    private LogIds() {
    }

    public static String normalized(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
