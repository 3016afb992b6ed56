package dev.sluice.adapters.http.logquery;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.sluice.adapters.http.logquery.QueryValues.invalid;
import static dev.sluice.adapters.http.logquery.QueryValues.positive;
import static dev.sluice.adapters.http.logquery.QueryValues.typed;

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
 * A filter without an operator means {@code eq} ({@link FilterParameters} reads the filters). Anything malformed is
 * refused with a 400 that names the parameter ({@link QueryValues}). Parameters the API does not know are ignored in
 * a listing, as web APIs commonly do, but refused in a delete: one it ignored (a misspelt filter) would widen what it
 * deletes, to a whole gateway's log.
 */
public final class LogQueryParser {

    public enum Purpose { LIST, DELETE }

    public static final int MAX_DELETE_LIMIT = 10_000_000;

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

    /** A query's parts as its parameters set them, in the order they came. */
    private static final class Draft {
        final Purpose purpose;
        int page = 1;
        int perPage = LogQuery.DEFAULT_PER_PAGE;
        LogField orderBy = LogField.CREATED_AT;
        boolean descending = true;
        Optional<String> search = Optional.empty();
        boolean metaInfo;
        OptionalInt limit = OptionalInt.empty();
        final FilterParameters filterParameters = new FilterParameters();
        final Map<String, List<String>> flatEquals = new LinkedHashMap<>();
        final List<LogFilter> filters = new ArrayList<>();

        Draft(Purpose purpose) {
            this.purpose = purpose;
        }
    }

    private LogQueryParser() {
    }

    public static LogQuery parse(List<QueryParameter> parameters, Purpose purpose) {
        Draft draft = new Draft(purpose);
        for (QueryParameter parameter : parameters) {
            String name = parameter.name();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("filters")) {
                draft.filterParameters.add(name, parameter.value());
            } else {
                take(draft, name, lower, parameter.value());
            }
        }
        draft.flatEquals.forEach((name, values) -> {
            LogField field = FLAT_EQUALS.get(name);
            draft.filters.add(new LogFilter(field, LogOperator.EQ,
                    values.stream().map(value -> typed(field, name, value)).toList()));
        });
        draft.filters.addAll(draft.filterParameters.filters());
        return new LogQuery(draft.page, draft.perPage, draft.orderBy, draft.descending, draft.search, draft.filters,
                draft.metaInfo, draft.limit);
    }

    /** One parameter other than the filters: paging, order, search, a deprecated flat filter; others are ignored. */
    private static void take(Draft draft, String name, String lower, String value) {
        switch (lower) {
            case "page", "per_page" -> {
                if (draft.purpose == Purpose.DELETE) {
                    // A listing's page copied into a delete would otherwise delete every match, not the page.
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER, name + ": a delete takes every entry the "
                            + "filters match, not a page; to delete fewer, use limit (with order_by)");
                }
                if (lower.equals("page")) {
                    draft.page = positive(name, value, Integer.MAX_VALUE);
                } else {
                    draft.perPage = positive(name, value, LogQuery.MAX_PER_PAGE);
                }
            }
            case "order_by" -> draft.orderBy = (value.trim().equalsIgnoreCase("model_type") ? Optional.of(LogField.MODEL)
                    : LogField.byWireName(value)).filter(LogField::orderable)
                    .orElseThrow(() -> invalid(name, value, "one of " + LogField.names(true)));
            case "order_by_direction", "direction" -> draft.descending = QueryValues.descending(name, value);
            case "search" -> draft.search = QueryValues.search(name, value);
            case "meta_info" -> {
                refusedInADelete(draft, name);
                draft.metaInfo = QueryValues.bool(name, value);
            }
            case "limit" -> {
                if (draft.purpose == Purpose.DELETE) {
                    draft.limit = OptionalInt.of(positive(name, value, MAX_DELETE_LIMIT));
                }
            }
            case "model_type", "request_type" -> throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    name + ": Sluice does not record a " + lower + ", so it cannot filter on it");
            case "feedback" -> draft.filters.add(new LogFilter(LogField.FEEDBACK, LogOperator.EQ,
                    List.of(QueryValues.legacyFeedback(name, value))));
            default -> {
                if (FLAT_EQUALS.containsKey(lower)) {
                    draft.flatEquals.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
                } else if (FLAT_BOUNDS.containsKey(lower)) {
                    Bound bound = FLAT_BOUNDS.get(lower);
                    draft.filters.add(new LogFilter(bound.field(), bound.operator(),
                            List.of(typed(bound.field(), name, value))));
                } else {
                    refusedInADelete(draft, name);
                }
            }
        }
    }

    private static void refusedInADelete(Draft draft, String name) {
        if (draft.purpose == Purpose.DELETE) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "'" + QueryValues.abbreviate(name) + "': a delete takes no such "
                    + "parameter (it takes filters, search, the deprecated flat filters, limit and order_by), and one it "
                    + "ignored would widen what it deletes");
        }
    }
}
