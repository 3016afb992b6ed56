package dev.sluice.domain.log;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Cloudflare's filter operators, plus {@code lte} and {@code gte} (Sluice's, used for the inclusive
 * deprecated {@code start_date}/{@code min_*} parameters and accepted on the wire too). {@code eq} with
 * several values matches any of them; {@code neq} matches none of them; {@code contains} is a
 * case-insensitive substring match on any of them.
 */
public enum LogOperator {
    EQ, NEQ, CONTAINS, LT, GT, LTE, GTE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean multiValued() {
        return this == EQ || this == NEQ || this == CONTAINS;
    }

    public static Optional<LogOperator> byWireName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(op -> op.wireName().equals(wanted)).findFirst();
    }
}
