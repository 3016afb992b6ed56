package dev.sluice.adapters.http.logquery;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.name.Names;
import dev.sluice.domain.policy.Metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.sluice.adapters.http.logquery.QueryValues.abbreviate;
import static dev.sluice.adapters.http.logquery.QueryValues.invalid;

/**
 * The {@code filters…} parameters of one logs query, gathered in the order they came and then checked into
 * {@link LogFilter}s. Repeated dotted keys ({@code filters.key=…&filters.operator=…&filters.value=…}) form a filter
 * that runs from its {@code key} (or {@code operator}) to the next one; indexed forms ({@code filters[0][key]},
 * {@code filters.0.key}, {@code filters[0][value][1]}) name their filter; bracketed sequences
 * ({@code filters[][key]}) run like the dotted ones.
 */
final class FilterParameters {

    private static final int MAX_FILTERS = 50;
    private static final int MAX_VALUES = 100;
    private static final String OPERATORS = Arrays.stream(LogOperator.values()).map(LogOperator::wireName)
            .collect(Collectors.joining(", "));

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

    private final List<Raw> sequential = new ArrayList<>();
    private final Map<Integer, Raw> indexed = new TreeMap<>();

    /** Takes one {@code filters…} parameter; a 400 when its name is not a filter's part. */
    void add(String name, String value) {
        List<String> segments = segments(name);
        if (segments == null || segments.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "'" + abbreviate(name)
                    + "' is not a filter parameter: use filters.key, filters.operator and filters.value,"
                    + " or filters[0][key], filters[0][operator] and filters[0][value][]");
        }
        String first = segments.get(0);
        boolean numbered = !first.isEmpty() && first.chars().allMatch(Character::isDigit);
        int index = numbered ? parseIndex(name, first) : -1;
        int partAt = numbered || first.isEmpty() ? 1 : 0;
        if (segments.size() <= partAt) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "'" + abbreviate(name) + "' does not say which part of the filter it is (key, operator or value)");
        }
        String part = segments.get(partAt).toLowerCase(Locale.ROOT);
        checkPart(name, part, segments.subList(partAt + 1, segments.size()));
        Raw target = numbered
                ? indexed.computeIfAbsent(index, i -> new Raw("filters[" + i + "]"))
                : sequentialFor(part);
        set(target, part, name, value);
    }

    /** The filters gathered, checked: a 400 for a filter without a key or a value, or an unknown key or operator. */
    List<LogFilter> filters() {
        List<Raw> raws = new ArrayList<>(sequential);
        raws.addAll(indexed.values());
        if (raws.size() > MAX_FILTERS) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "filters: at most " + MAX_FILTERS + " filters are allowed, got " + raws.size());
        }
        return raws.stream().map(FilterParameters::check).toList();
    }

    private static void checkPart(String name, String part, List<String> rest) {
        boolean restAllowed = part.equals("value") && rest.size() <= 1
                && rest.stream().allMatch(s -> s.chars().allMatch(Character::isDigit));
        if (!Arrays.asList("key", "operator", "value").contains(part) || !(rest.isEmpty() || restAllowed)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    "'" + abbreviate(name) + "' is not a filter parameter: the parts of a filter are key, operator and value");
        }
    }

    /** The filter a dotted or bracketed part belongs to: the last one, or a new one when it already has this part. */
    private Raw sequentialFor(String part) {
        Raw current = sequential.isEmpty() ? null : sequential.get(sequential.size() - 1);
        boolean startsNew = current == null
                || (part.equals("key") && current.key != null)
                || (part.equals("operator") && current.operator != null);
        if (startsNew) {
            current = new Raw("filter " + (sequential.size() + 1));
            sequential.add(current);
        }
        return current;
    }

    private static void set(Raw target, String part, String name, String value) {
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
        // Bound as a statement's parameter like a value, so held to what a value is: PostgreSQL refuses a NUL in text.
        String entryKey = QueryValues.withoutNul(raw.keyParam, LogField.metadataEntryKey(raw.key).orElse(""));
        if (Names.longerThan(entryKey, Metadata.MAX_KEY_LENGTH)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, raw.keyParam + ": a metadata key is at most "
                    + Metadata.MAX_KEY_LENGTH + " characters");
        }
        LogField field = !entryKey.isEmpty() ? LogField.METADATA_ENTRY : LogField.byWireName(raw.key).orElseThrow(() -> {
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
                .map(value -> QueryValues.typed(field, raw.valueParam, value)).toList(), entryKey);
    }
}
