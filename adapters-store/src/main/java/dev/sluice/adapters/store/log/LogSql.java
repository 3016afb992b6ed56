package dev.sluice.adapters.store.log;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogQuery;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A log query as SQL: the {@code where} clause (always led by the gateway, so the indexes that start with
 * it apply), its parameters, the {@code order by}, and the statements that count it. Column names come
 * from a fixed table, never from the request; every value is a bound parameter. A search matches a
 * substring of the provider, model, path or user agent through the gateway's shapes, or an id (in any case,
 * lower-cased here as ids are stored) or event id (as written) exactly.
 */
final class LogSql {

    private static final Map<LogField, String> COLUMNS = Map.ofEntries(
            Map.entry(LogField.ID, "id"),
            Map.entry(LogField.CREATED_AT, "created_at"),
            Map.entry(LogField.PROVIDER, "provider"),
            Map.entry(LogField.MODEL, "model"),
            Map.entry(LogField.PATH, "path"),
            Map.entry(LogField.REQUEST_CONTENT_TYPE, "request_content_type"),
            Map.entry(LogField.RESPONSE_CONTENT_TYPE, "response_content_type"),
            Map.entry(LogField.SUCCESS, "success"),
            Map.entry(LogField.CACHED, "cached"),
            Map.entry(LogField.STATUS_CODE, "status_code"),
            Map.entry(LogField.COST, "cost"),
            Map.entry(LogField.TOKENS, "(tokens_in + tokens_out)"),
            Map.entry(LogField.TOKENS_IN, "tokens_in"),
            Map.entry(LogField.TOKENS_OUT, "tokens_out"),
            Map.entry(LogField.DURATION, "duration"),
            Map.entry(LogField.FEEDBACK, "feedback"),
            Map.entry(LogField.SCORE, "score"),
            Map.entry(LogField.EVENT_ID, "event_id"),
            Map.entry(LogField.USER_AGENT, "user_agent"),
            Map.entry(LogField.AUTHENTICATION, "authenticated"));

    /** What a search matches by substring, through the gateway's shapes (see {@link LogShapes}). */
    private static final String SEARCHED_SHAPES = "select s.id from log_shapes s where s.account_id = ?"
            + " and s.gateway_id = ? and (lower(s.provider) like ? escape '\\' or lower(s.model) like ? escape '\\'"
            + " or lower(s.path) like ? escape '\\' or lower(s.user_agent) like ? escape '\\')";

    /**
     * {@link #SEARCHED_SHAPES} for a search with letters beyond ASCII: each column is matched lower-cased and as written.
     * SQLite's {@code lower()} and {@code like} fold ASCII letters only, so a search for {@code Ünï} (lower-cased here
     * to {@code ünï}) found nothing on SQLite, not even the text as written (found by a probe); PostgreSQL folds all.
     */
    private static final String SEARCHED_SHAPES_AS_WRITTEN = "select s.id from log_shapes s where s.account_id = ?"
            + " and s.gateway_id = ? and (" + LogValueSql.asWrittenToo("s.provider") + " or "
            + LogValueSql.asWrittenToo("s.model") + " or " + LogValueSql.asWrittenToo("s.path") + " or "
            + LogValueSql.asWrittenToo("s.user_agent") + ")";

    /** The filters' conditions as the count reads them (see {@link #shapesMatching}), without the gateway or search. */
    private final Conditions counted;
    private final GatewayRef gateway;
    private final Optional<String> search;
    /** The search lower-cased, as it is compared with ids (see {@link dev.sluice.domain.log.LogIds}). */
    private final Optional<String> searchedId;
    /** What selects the matching entries for the listing (and for deletion), and its parameters. */
    final String where;
    final List<Object> parameters;

    /** Conditions joined by {@code and} (each led by it), and the parameters they take. */
    private record Conditions(String sql, List<Object> parameters) {
    }

    private LogSql(GatewayRef gateway, LogQuery query, Conditions listed, Conditions counted) {
        this.gateway = gateway;
        this.search = query.search();
        this.searchedId = query.searchedId();
        this.counted = counted;
        Conditions where = where(listed);
        this.where = where.sql();
        this.parameters = where.parameters();
    }

    /** The gateway, the search (its shapes, or an id or event id) and the filters' conditions. */
    private Conditions where(Conditions filters) {
        List<Object> all = new ArrayList<>(gatewayParameters());
        StringBuilder where = new StringBuilder(GATEWAY);
        search.ifPresent(text -> {
            where.append(" and (shape in (").append(searchedShapes(text)).append(") or id = ? or event_id = ?)");
            all.addAll(searchParameters(text));
            all.add(searchedId.orElseThrow());
            all.add(text);
        });
        where.append(filters.sql());
        all.addAll(filters.parameters());
        return new Conditions(where.toString(), List.copyOf(all));
    }

    private static final String GATEWAY = "account_id = ? and gateway_id = ?";

    /** Whether the query selects every entry of the gateway (its count is then the stored count). */
    static boolean selectsAll(LogQuery query) {
        return query.filters().isEmpty() && query.search().isEmpty();
    }

    /**
     * @param probeMetadata whether metadata filters look each listed entry's metadata up (right when their
     *                      value is common, the entries are then found early in the listing's order) or
     *                      gather the ids of all entries with that metadata first (right when it is rare)
     */
    static LogSql of(GatewayRef gateway, LogQuery query, boolean probeMetadata) {
        return new LogSql(gateway, query, conditions(gateway, query, probeMetadata, false),
                conditions(gateway, query, probeMetadata, true));
    }

    private static Conditions conditions(GatewayRef gateway, LogQuery query, boolean probeMetadata, boolean counted) {
        StringBuilder conditions = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        LogFilter gathered = probeMetadata ? null : gatheredMetadataFilter(query);
        for (LogFilter filter : query.filters()) {
            boolean probe = probeMetadata || (LogMetadataSql.isMetadata(filter) && filter != gathered);
            conditions.append(" and ").append(condition(gateway, filter, parameters, probe, counted));
        }
        return new Conditions(conditions.toString(), parameters);
    }

    /**
     * Of several metadata filters, the one whose matching ids are gathered first; the others then only
     * look up the metadata of those entries. A value is the likelier to be rare (a key such as user_id is
     * on nearly every entry: gathering its ids, a million here, took 1.4 s where the value's took 6 ms), so
     * the first value filter looking for values is taken, else the first filter looking for keys. The
     * result is the same either way; only the work differs.
     */
    private static LogFilter gatheredMetadataFilter(LogQuery query) {
        List<LogFilter> candidates = query.filters().stream()
                .filter(f -> LogMetadataSql.isMetadata(f) && f.operator() != LogOperator.NEQ).toList();
        return candidates.stream().filter(LogMetadataSql::looksForValues).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
    }

    static LogSql of(GatewayRef gateway, LogQuery query) {
        return of(gateway, query, false);
    }

    /**
     * Statements whose results together are the matching entries' count (their sum) and extremes (the
     * widest): a search is counted as the entries of its shapes plus, apart, those matched only by id or
     * event id, each part through an index rather than by testing every row against a disjunction.
     */
    List<Statement> parts(String selected) {
        if (search.isEmpty()) {
            Conditions where = where(counted);
            return List.of(new Statement("select " + selected + " from logs where " + where.sql(), where.parameters()));
        }
        String text = search.get();
        List<Object> byShape = new ArrayList<>(gatewayParameters());
        byShape.addAll(searchParameters(text));
        byShape.addAll(counted.parameters());
        List<Object> byId = new ArrayList<>(gatewayParameters());
        byId.add(searchedId.orElseThrow());
        byId.add(text);
        byId.addAll(searchParameters(text));
        byId.addAll(counted.parameters());
        return List.of(
                new Statement("select " + selected + " from logs where " + GATEWAY + " and shape in ("
                        + searchedShapes(text) + ")" + counted.sql(), byShape),
                new Statement("select " + selected + " from logs where " + GATEWAY + " and (id = ? or event_id = ?)"
                        + " and shape not in (" + searchedShapes(text) + ")" + counted.sql(), byId));
    }

    /** A statement and its parameters. */
    record Statement(String sql, List<Object> parameters) {

        void bind(PreparedStatement statement) throws SQLException {
            LogSql.bind(statement, 1, parameters);
        }
    }

    private List<Object> gatewayParameters() {
        return List.of(gateway.account().value(), gateway.id().value());
    }

    private List<Object> searchParameters(String text) {
        List<Object> values = new ArrayList<>(gatewayParameters());
        String pattern = LogValueSql.likePattern(text);
        boolean ascii = LogValueSql.ascii(text);
        for (int i = 0; i < 4; i++) {
            values.add(pattern);
            if (!ascii) {
                values.add(LogValueSql.likePatternAsWritten(text));
            }
        }
        return values;
    }

    private static String searchedShapes(String text) {
        return LogValueSql.ascii(text) ? SEARCHED_SHAPES : SEARCHED_SHAPES_AS_WRITTEN;
    }

    /** What {@code logs_by_shape} holds beside the gateway, of what a listing can be ordered by. */
    private static final Set<LogField> IN_SHAPE_INDEX = Set.of(LogField.SUCCESS, LogField.CACHED,
            LogField.DURATION, LogField.TOKENS_IN, LogField.TOKENS_OUT);

    /**
     * The matching entries' {@code columns} in the query's order, {@code page} ({@code " limit ? offset ?"},
     * say, or none) applied; its parameters are {@link #parameters}, then the page's. On SQLite an order by
     * success, cached, duration or tokens in or out, which no index follows, picks the page's rows from
     * {@code logs_by_shape} first (it holds those columns, and is a quarter of the table's size) and reads
     * only them: sorting a million entries that way took 0.3 s where reading every row to sort took 4 s.
     * Ties then fall to the row's number rather than its id, which the index does not hold; either is a
     * total order, the same for every page.
     */
    String ordered(String columns, LogQuery query, boolean sqlite, String page) {
        if (sqlite && IN_SHAPE_INDEX.contains(query.orderBy()) && !page.isEmpty()) {
            String order = orderBy(query, "rowid", true);
            return "select " + columns + " from logs where rowid in (select rowid from logs where " + where
                    + " order by " + order + page + ") order by " + order;
        }
        return "select " + columns + " from logs where " + where + " order by " + orderBy(query, "id", sqlite) + page;
    }

    /** What a listing can be ordered by that an entry may not have: its token counts, feedback and score. */
    private static final Set<LogField> NULLABLE = Set.of(LogField.TOKENS_IN, LogField.TOKENS_OUT, LogField.FEEDBACK,
            LogField.SCORE);

    /**
     * Entries without the value come first in ascending order and last in descending order, as SQLite sorts a null
     * below every value; PostgreSQL sorts it above, so it is told (the highest scores came after every unscored
     * entry there, and a delete of the highest-scored deleted an unscored one).
     */
    private static String orderBy(LogQuery query, String tie, boolean sqlite) {
        String direction = query.descending() ? " desc" : " asc";
        String column = COLUMNS.get(query.orderBy());
        String nulls = sqlite || !NULLABLE.contains(query.orderBy()) ? ""
                : query.descending() ? " nulls last" : " nulls first";
        return column.equals("created_at") ? "created_at" + direction + ", " + tie + direction
                : column + direction + nulls + ", created_at" + direction + ", " + tie + direction;
    }

    void bind(PreparedStatement statement, int from) throws SQLException {
        bind(statement, from, parameters);
    }

    private static void bind(PreparedStatement statement, int from, List<Object> parameters) throws SQLException {
        int index = from;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
    }

    private static String condition(GatewayRef gateway, LogFilter filter, List<Object> parameters,
                                    boolean probeMetadata, boolean counted) {
        if (LogMetadataSql.isMetadata(filter)) {
            return LogMetadataSql.condition(gateway, filter, parameters, probeMetadata);
        }
        if (SHAPE_FIELDS.contains(filter.field()) && (counted || !OWN_INDEX.contains(filter.field()))) {
            return "shape in (" + shapesMatching(gateway, List.of(filter), parameters) + ")";
        }
        String column = COLUMNS.get(filter.field());
        boolean text = filter.field().kind() == LogField.Kind.TEXT;
        return LogValueSql.matching(column, filter.operator(), filter.values(), parameters, !text);
    }

    /**
     * The ids of the gateway's shapes that filters on the provider, model, path or user agent match. An
     * entry's shape holds exactly those four columns, so the shapes' entries are the filters', and they are
     * counted through {@code logs_by_shape} without reading a row, together with the success and cached
     * filters that index also holds (a model and success = false: 95 → 4 ms at a million entries). The
     * listing of a path or user agent filter finds its entries the same way (neither column has an index of
     * its own: a user agent took 1.5 s); that of a provider or model filter keeps the column's own index
     * ({@link #OWN_INDEX}), which finds a rare value's few entries at once, where the listing's order would
     * walk every entry past the shape.
     */
    private static String shapesMatching(GatewayRef gateway, List<LogFilter> filters, List<Object> parameters) {
        parameters.add(gateway.account().value());
        parameters.add(gateway.id().value());
        StringBuilder shapes = new StringBuilder(
                "select s.id from log_shapes s where s.account_id = ? and s.gateway_id = ?");
        for (LogFilter filter : filters) {
            shapes.append(" and ").append(LogValueSql.matching("s." + COLUMNS.get(filter.field()), filter.operator(),
                    filter.values(), parameters, false));
        }
        return shapes.toString();
    }

    private static final Set<LogField> SHAPE_FIELDS =
            EnumSet.of(LogField.PROVIDER, LogField.MODEL, LogField.PATH, LogField.USER_AGENT);
    /** Shape fields with an index of their own ({@code logs_by_provider}, {@code logs_by_model}). */
    private static final Set<LogField> OWN_INDEX = EnumSet.of(LogField.PROVIDER, LogField.MODEL);

    /**
     * The count of a query that is one metadata filter (not {@code neq}) and otherwise only filters on what
     * makes an entry's shape (provider, model, path, user agent), counted from the metadata table alone with
     * the shape standing in for those filters; empty for any other query.
     */
    static Optional<Statement> countedByMetadata(GatewayRef gateway, LogQuery query) {
        Optional<LogFilter> metadata = LogMetadataSql.loneFilter(query);
        if (query.search().isPresent() || metadata.isEmpty()
                || !query.filters().stream().allMatch(f -> LogMetadataSql.isMetadata(f) || SHAPE_FIELDS.contains(f.field()))) {
            return Optional.empty();
        }
        Statement count = LogMetadataSql.count(gateway, metadata.get());
        if (query.filters().size() == 1) {
            return Optional.of(count);
        }
        List<Object> parameters = new ArrayList<>(count.parameters());
        String shapes = shapesMatching(gateway, query.filters().stream().filter(f -> !LogMetadataSql.isMetadata(f)).toList(),
                parameters);
        return Optional.of(new Statement(count.sql() + " and m.shape in (" + shapes + ")", parameters));
    }

}
