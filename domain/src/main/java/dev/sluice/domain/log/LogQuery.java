package dev.sluice.domain.log;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which logs of a gateway to list or delete, in what order, and which page. {@code search} is a
 * case-insensitive substring of the provider, model, path or user agent, or an id or event id exactly
 * (an id is only ever searched whole; a substring of every id would read every entry). {@code limit}
 * bounds a delete; a list uses {@code page} and {@code perPage}.
 */
public record LogQuery(int page, int perPage, LogField orderBy, boolean descending, Optional<String> search,
                       List<LogFilter> filters, boolean metaInfo, OptionalInt limit) {

    public static final int DEFAULT_PER_PAGE = 20;
    public static final int MAX_PER_PAGE = 100;

    public LogQuery {
        Objects.requireNonNull(orderBy, "orderBy");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(limit, "limit");
        filters = List.copyOf(filters);
        if (page < 1 || perPage < 1) {
            throw new IllegalArgumentException("page and per_page start at 1");
        }
    }

    public static LogQuery all() {
        return new LogQuery(1, DEFAULT_PER_PAGE, LogField.CREATED_AT, true, Optional.empty(), List.of(), false,
                OptionalInt.empty());
    }

    /** The search as the id it may be, in the case ids are stored in ({@link LogIds}); an event id is matched as given. */
    public Optional<String> searchedId() {
        return search.map(LogIds::normalized);
    }

    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
