package dev.sluice.domain.log;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What logs can be filtered and ordered by, under Cloudflare's names ({@code filters[].key},
 * {@code order_by}), with the kind of value each takes. {@code status_code} and {@code path} are Sluice's
 * own additions. Cloudflare's {@code model_type}, {@code request_type}, {@code wholesale},
 * {@code compatibilityMode}, {@code dlp_action} and {@code prompts.*} have nothing behind them here and
 * are refused by name as filters rather than matched vacuously; ordering by {@code model_type} orders by
 * model.
 */
public enum LogField {
    ID("id", Kind.TEXT, false),
    CREATED_AT("created_at", Kind.TIME, true),
    PROVIDER("provider", Kind.TEXT, true),
    MODEL("model", Kind.TEXT, true),
    PATH("path", Kind.TEXT, false),
    REQUEST_CONTENT_TYPE("request_content_type", Kind.TEXT, false),
    RESPONSE_CONTENT_TYPE("response_content_type", Kind.TEXT, false),
    SUCCESS("success", Kind.BOOLEAN, true),
    CACHED("cached", Kind.BOOLEAN, true),
    STATUS_CODE("status_code", Kind.NUMBER, true),
    COST("cost", Kind.NUMBER, true),
    TOKENS("tokens", Kind.NUMBER, false),
    TOKENS_IN("tokens_in", Kind.NUMBER, true),
    TOKENS_OUT("tokens_out", Kind.NUMBER, true),
    DURATION("duration", Kind.NUMBER, true),
    FEEDBACK("feedback", Kind.NUMBER, true),
    SCORE("score", Kind.NUMBER, true),
    EVENT_ID("event_id", Kind.TEXT, false),
    METADATA_KEY("metadata.key", Kind.TEXT, false),
    METADATA_VALUE("metadata.value", Kind.TEXT, false),
    /** Sluice's own: {@code metadata.<key>}, the value under one key (a pair, where key and value filters are apart). */
    METADATA_ENTRY("metadata.<key>", Kind.TEXT, false),
    AUTHENTICATION("authentication", Kind.BOOLEAN, false),
    USER_AGENT("user_agent", Kind.TEXT, false);

    public enum Kind {
        TEXT(EnumSet.of(LogOperator.EQ, LogOperator.NEQ, LogOperator.CONTAINS)),
        NUMBER(EnumSet.of(LogOperator.EQ, LogOperator.NEQ, LogOperator.LT, LogOperator.GT, LogOperator.LTE,
                LogOperator.GTE)),
        BOOLEAN(EnumSet.of(LogOperator.EQ, LogOperator.NEQ)),
        TIME(EnumSet.of(LogOperator.EQ, LogOperator.NEQ, LogOperator.LT, LogOperator.GT, LogOperator.LTE,
                LogOperator.GTE));

        private final Set<LogOperator> operators;

        Kind(Set<LogOperator> operators) {
            this.operators = operators;
        }

        public Set<LogOperator> operators() {
            return operators;
        }
    }

    private static final Set<String> NOT_SUPPORTED = Set.of("model_type", "request_type", "wholesale",
            "compatibilitymode", "dlp_action", "prompts.prompt_id", "prompts.version_id");

    private final String wireName;
    private final Kind kind;
    private final boolean orderable;

    LogField(String wireName, Kind kind, boolean orderable) {
        this.wireName = wireName;
        this.kind = kind;
        this.orderable = orderable;
    }

    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean orderable() {
        return orderable;
    }

    public static Optional<LogField> byWireName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(field -> field.wireName.equals(wanted)).findFirst();
    }

    /**
     * The key of a {@code metadata.<key>} filter name ({@link #METADATA_ENTRY}): what follows {@code metadata.}, as
     * written (keys are case-sensitive); empty for any other name, {@code metadata.key} and {@code metadata.value}
     * included.
     */
    public static Optional<String> metadataEntryKey(String name) {
        if (!name.startsWith("metadata.") || byWireName(name).isPresent()) {
            return Optional.empty();
        }
        String key = name.substring("metadata.".length());
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /** A field Cloudflare names but Sluice does not keep, so a filter on it can say so. */
    public static boolean knownButUnsupported(String name) {
        return NOT_SUPPORTED.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The fields' names for an error message: all of them, or those a listing can be ordered by. */
    public static String names(boolean orderableOnly) {
        return Arrays.stream(values()).filter(field -> !orderableOnly || field.orderable)
                .map(LogField::wireName).collect(Collectors.joining(", "));
    }
}
