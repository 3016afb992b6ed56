package dev.sluice.adapters.http.logquery;

import dev.sluice.domain.log.LogQuery;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a logs query string the way Cloudflare's API takes it, in every encoding a client is known to
 * send:
 * <ul>
 *   <li>repeated dotted keys, as the {@code cloudflare} npm client sends an array of filters
 *       ({@code filters.key=provider&filters.operator=eq&filters.value=openai&filters.value=groq&filters.key=…}):
 *       a filter runs from its {@code key} (or {@code operator}) to the next one, so the order of the
 *       parameters matters and is kept;</li>
 *   <li>indexed forms: {@code filters[0][key]}, {@code filters[0][value][]}, {@code filters[0][value][1]},
 *       {@code filters.0.key}, {@code filters[0].value};</li>
 *   <li>bracketed sequences: {@code filters[][key]=…&filters[][value][]=…};</li>
 *   <li>the deprecated flat parameters ({@code provider}, {@code success}, {@code start_date},
 *       {@code min_cost}, …).</li>
 * </ul>
 * A filter without an operator means {@code eq}. Anything malformed is refused with a 400 that names the
 * parameter. Parameters the API does not know are ignored, as web APIs commonly do.
 */
public final class LogQueryParser {

    public enum Purpose { LIST, DELETE }

    public static final int MAX_DELETE_LIMIT = 10_000_000;
    private static final int MAX_SEARCH_LENGTH = 256;
    private static final int MAX_FILTERS = 50;
    private static final int MAX_VALUES = 100;
    private static final String OPERATORS = Arrays.stream(LogOperator.values()).map(LogOperator::wireName)
            .collect(Collectors.joining(", "));

    private static final Map<String, LogField> FLAT_EQUALS = Map.of(
            "cached", LogField.CACHED, "success", LogField.SUCCESS, "provider", LogField.PROVIDER,
            "model", LogField.MODEL,
            "request_content_type", LogField.REQUEST_CONTENT_TYPE,
            "response_content_type", LogField.RESPONSE_CONTENT_TYPE);

    private record Bound(LogField field, LogOperator operator) {
    }

    private static final Map<String, Bound> FLAT_BOUNDS = Map.ofEntries(
            Map.entry("start_date", new Bound(LogField.CREATED_AT, LogOperator.GTE)),
            Map.entry("end_date", new Bound(LogField.CREATED_AT, LogOperator.LTE)),
            Map.entry("min_cost", new Bound(LogField.COST, LogOperator.GTE)),
            Map.entry("max_cost", new Bound(LogField.COST, LogOperator.LTE)),
            Map.entry("min_duration", new Bound(LogField.DURATION, LogOperator.GTE)),
            Map.entry("max_duration", new Bound(LogField.DURATION, LogOperator.LTE)),
            Map.entry("min_tokens_in", new Bound(LogField.TOKENS_IN, LogOperator.GTE)),
            Map.entry("max_tokens_in", new Bound(LogField.TOKENS_IN, LogOperator.LTE)),
            Map.entry("min_tokens_out", new Bound(LogField.TOKENS_OUT, LogOperator.GTE)),
            Map.entry("max_tokens_out", new Bound(LogField.TOKENS_OUT, LogOperator.LTE)),
            Map.entry("min_total_tokens", new Bound(LogField.TOKENS, LogOperator.GTE)),
            Map.entry("max_total_tokens", new Bound(LogField.TOKENS, LogOperator.LTE)));

    private LogQueryParser() {
    }

    /** A filter as sent, before its key, operator and values are checked. */
    private static final class Raw {
        final String label;
        String key;
        String keyParam;
        String operator;
        String operatorParam;
        final List<String> values = new ArrayList<>();
        String valueParam;

        Raw(String label) {
            this.label = label;
        }
    }

    public static LogQuery parse(List<QueryParameter> parameters, Purpose purpose) {
        int page = 1;
        int perPage = LogQuery.DEFAULT_PER_PAGE;
        LogField orderBy = LogField.CREATED_AT;
        boolean descending = true;
        Optional<String> search = Optional.empty();
        boolean metaInfo = false;
        OptionalInt limit = OptionalInt.empty();
        List<Raw> sequential = new ArrayList<>();
        Map<Integer, Raw> indexed = new TreeMap<>();
        Map<String, List<String>> flatEquals = new LinkedHashMap<>();
        List<LogFilter> filters = new ArrayList<>();

        for (QueryParameter parameter : parameters) {
            String name = parameter.name();
            String value = parameter.value();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("filters")) {
                addFilterPart(name, value, sequential, indexed);
                continue;
            }
            switch (lower) {
                case "page" -> page = positive(name, value, Integer.MAX_VALUE);
                case "per_page" -> perPage = positive(name, value, LogQuery.MAX_PER_PAGE);
                case "order_by" -> orderBy = (value.trim().equalsIgnoreCase("model_type") ? Optional.of(LogField.MODEL)
                        : LogField.byWireName(value)).filter(LogField::orderable)
                        .orElseThrow(() -> invalid(name, value, "one of " + LogField.names(true)));
                case "order_by_direction", "direction" -> descending = direction(name, value);
                case "search" -> search = search(name, value);
                case "meta_info" -> metaInfo = bool(name, value);
                case "limit" -> {
                    if (purpose == Purpose.DELETE) {
                        limit = OptionalInt.of(positive(name, value, MAX_DELETE_LIMIT));
                    }
                }
                case "model_type", "request_type" -> throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                        name + ": Sluice does not record a " + lower + ", so it cannot filter on it");
                case "feedback" -> filters.add(new LogFilter(LogField.FEEDBACK, LogOperator.EQ,
                        List.of(legacyFeedback(name, value))));
                default -> {
                    if (FLAT_EQUALS.containsKey(lower)) {
                        flatEquals.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
                    } else if (FLAT_BOUNDS.containsKey(lower)) {
                        Bound bound = FLAT_BOUNDS.get(lower);
                        filters.add(new LogFilter(bound.field(), bound.operator(),
                                List.of(typed(bound.field(), name, value))));
                    }
                }
            }
        }
        flatEquals.forEach((name, values) -> {
            LogField field = FLAT_EQUALS.get(name);
            filters.add(new LogFilter(field, LogOperator.EQ,
                    values.stream().map(value -> typed(field, name, value)).toList()));
        });
        List<Raw> raws = new ArrayList<>(sequential);
        raws.addAll(indexed.values());
        if (raws.size() > MAX_FILTERS) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "filters: at most " + MAX_FILTERS + " filters are allowed, got " + raws.size());
        }
        for (Raw raw : raws) {
            filters.add(check(raw));
        }
        return new LogQuery(page, perPage, orderBy, descending, search, filters, metaInfo, limit);
    }

    private static void addFilterPart(String name, String value, List<Raw> sequential, Map<Integer, Raw> indexed) {
        List<String> segments = segments(name);
        if (segments == null || segments.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "'" + abbreviate(name)
                    + "' is not a filter parameter: use filters.key, filters.operator and filters.value,"
                    + " or filters[0][key], filters[0][operator] and filters[0][value][]");
        }
        String first = segments.get(0);
        Raw target;
        int partAt;
        if (first.chars().allMatch(Character::isDigit) && !first.isEmpty()) {
            int index = parseIndex(name, first);
            target = indexed.computeIfAbsent(index, i -> new Raw("filters[" + i + "]"));
            partAt = 1;
        } else {
            partAt = first.isEmpty() ? 1 : 0;
            target = null;
        }
        if (segments.size() <= partAt) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "'" + abbreviate(name) + "' does not say which part of the filter it is (key, operator or value)");
        }
        String part = segments.get(partAt).toLowerCase(Locale.ROOT);
        List<String> rest = segments.subList(partAt + 1, segments.size());
        boolean restAllowed = part.equals("value") && rest.size() <= 1
                && rest.stream().allMatch(s -> s.chars().allMatch(Character::isDigit));
        if (!Arrays.asList("key", "operator", "value").contains(part) || !(rest.isEmpty() || restAllowed)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "'" + abbreviate(name) + "' is not a filter parameter: the parts of a filter are key, operator and value");
        }
        if (target == null) {
            Raw current = sequential.isEmpty() ? null : sequential.get(sequential.size() - 1);
            boolean startsNew = current == null
                    || (part.equals("key") && current.key != null)
                    || (part.equals("operator") && current.operator != null);
            if (startsNew) {
                current = new Raw("filter " + (sequential.size() + 1));
                sequential.add(current);
            }
            target = current;
        }
        switch (part) {
            case "key" -> {
                if (target.key != null) {
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER, name + ": " + target.label + " has two keys");
                }
                target.key = value;
                target.keyParam = name;
            }
            case "operator" -> {
                if (target.operator != null) {
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                            name + ": " + target.label + " has two operators");
                }
                target.operator = value;
                target.operatorParam = name;
            }
            default -> {
                if (target.values.size() >= MAX_VALUES) {
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                            name + ": a filter takes at most " + MAX_VALUES + " values");
                }
                target.values.add(value);
                target.valueParam = name;
            }
        }
    }

    /** {@code filters[0][value][]} → ["0", "value", ""]; {@code filters.key} → ["key"]; null when malformed. */
    private static List<String> segments(String name) {
        List<String> segments = new ArrayList<>();
        int i = "filters".length();
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '[') {
                    end++;
                }
                segments.add(name.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = name.indexOf(']', i);
                if (end < 0) {
                    return null;
                }
                segments.add(name.substring(i + 1, end));
                i = end + 1;
            } else {
                return null;
            }
        }
        return segments;
    }

    private static int parseIndex(String name, String digits) {
        if (digits.length() > 4) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, name + ": a filter index is at most 9999");
        }
        return Integer.parseInt(digits);
    }

    private static LogFilter check(Raw raw) {
        if (raw.key == null || raw.key.isBlank()) {
            String param = raw.valueParam != null ? raw.valueParam
                    : raw.operatorParam != null ? raw.operatorParam : raw.keyParam != null ? raw.keyParam : "filters";
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    param + ": " + raw.label + " has no key (filters.key, or " + raw.label + "[key])");
        }
        LogField field = LogField.byWireName(raw.key).orElseThrow(() -> {
            if (LogField.knownButUnsupported(raw.key)) {
                return new GatewayException(ErrorCode.INVALID_PARAMETER, raw.keyParam + ": '" + abbreviate(raw.key)
                        + "' is a Cloudflare filter key that Sluice does not record, so it cannot filter on it");
            }
            return invalid(raw.keyParam, raw.key, "one of " + LogField.names(false));
        });
        LogOperator operator = raw.operator == null ? LogOperator.EQ : LogOperator.byWireName(raw.operator)
                .orElseThrow(() -> invalid(raw.operatorParam, raw.operator, "one of " + OPERATORS));
        if (!field.kind().operators().contains(operator)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, raw.operatorParam + ": '" + operator.wireName()
                    + "' does not apply to " + field.wireName() + "; use one of " + field.kind().operators().stream()
                    .map(LogOperator::wireName).collect(Collectors.joining(", ")));
        }
        if (raw.values.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    raw.keyParam + ": " + raw.label + " (" + field.wireName() + ") has no value");
        }
        if (!operator.multiValued() && raw.values.size() > 1) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, raw.valueParam + ": '" + operator.wireName()
                    + "' takes one value, got " + raw.values.size());
        }
        return new LogFilter(field, operator, raw.values.stream()
                .map(value -> typed(field, raw.valueParam, value)).toList());
    }

    /** A value as its field's kind; the literal {@code null} stands for a missing value. */
    static Object typed(LogField field, String param, String value) {
        String trimmed = value.trim();
        if (trimmed.equals("null")) {
            return LogFilter.NULL;
        }
        return switch (field.kind()) {
            case TEXT -> {
                if (value.length() > 1024) {
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER, param + ": a value is at most 1024 characters");
                }
                yield withoutNul(param, value);
            }
            case BOOLEAN -> bool(param, trimmed);
            case NUMBER -> number(param, trimmed);
            case TIME -> instant(param, trimmed);
        };
    }

    private static BigDecimal number(String param, String value) {
        try {
            if (value.length() > 40) {
                throw new NumberFormatException();
            }
            BigDecimal number = new BigDecimal(value);
            if (number.scale() > 12 || number.precision() - number.scale() > 24) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(param, value, "a number (at most 24 digits before the point and 12 after)");
        }
    }

    /**
     * A time as the logs and analytics APIs take it: an ISO-8601 time with an offset, a date (its start,
     * UTC) or milliseconds since 1970. Anything else is a 400 naming the parameter.
     */
    public static Instant instant(String param, String value) {
        try {
            if (value.length() <= 10 && value.length() >= 8 && value.charAt(4) == '-') {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (!value.isEmpty() && value.length() <= 15 && value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw invalid(param, value, "a time such as 2026-11-01T12:00:00Z, a date such as 2026-11-01,"
                    + " or milliseconds since 1970");
        }
    }

    private static boolean bool(String param, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(param, value, "true or false");
        };
    }

    private static BigDecimal legacyFeedback(String param, String value) {
        return switch (value.trim()) {
            case "1" -> BigDecimal.ONE;
            case "0", "-1" -> BigDecimal.ONE.negate();
            default -> throw invalid(param, value, "1 (positive) or 0 (negative)");
        };
    }

    private static boolean direction(String param, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw invalid(param, value, "asc or desc");
        };
    }

    private static Optional<String> search(String param, String value) {
        String trimmed = value.trim();
        if (trimmed.length() > MAX_SEARCH_LENGTH) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    param + ": at most " + MAX_SEARCH_LENGTH + " characters");
        }
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(withoutNul(param, trimmed));
    }

    /** No stored text holds a NUL (PostgreSQL cannot store one), so a value with one is a mistake, not a miss. */
    private static String withoutNul(String param, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, param + ": a NUL character is not allowed");
        }
        return value;
    }

    private static int positive(String param, String value, int max) {
        try {
            String trimmed = value.trim();
            if (trimmed.length() > 10) {
                throw new NumberFormatException();
            }
            long number = Long.parseLong(trimmed);
            if (number < 1 || number > max) {
                throw new NumberFormatException();
            }
            return (int) number;
        } catch (NumberFormatException e) {
            throw invalid(param, value, "a whole number from 1 to " + max);
        }
    }

    private static GatewayException invalid(String param, String value, String expected) {
        return new GatewayException(ErrorCode.INVALID_PARAMETER,
                param + ": '" + abbreviate(value) + "' is not valid; expected " + expected);
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
