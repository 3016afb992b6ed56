package dev.sluice.adapters.store.log;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SQL of metadata filters ({@code metadata.key}, {@code metadata.value}, {@code metadata.<key>}): matched in the
 * metadata table, whose value index is led by a bucket ({@link MetadataBuckets}), for {@link LogSql}'s queries.
 */
final class LogMetadataSql {

    private LogMetadataSql() {
    }

    /**
     * A metadata filter's condition. The value {@code null} stands for a missing value: {@code metadata.<key> eq null}
     * matches the entries without that key ({@code neq null}, those with it), and on {@code metadata.key} or
     * {@code metadata.value}, the entries without metadata.
     */
    static String condition(GatewayRef gateway, LogFilter filter, List<Object> parameters, boolean probeMetadata) {
        boolean missing = filter.values().contains(LogFilter.NULL);
        List<Object> values = filter.values().stream().filter(v -> v != LogFilter.NULL).toList();
        String found = "1 = 0";
        if (!values.isEmpty()) {
            String match = match(gateway, new LogFilter(filter.field(), filter.operator(), values,
                    filter.metadataKey()), parameters);
            found = probeMetadata
                    ? "exists (select 1 from log_metadata m where m.log_id = logs.id and " + match + ")"
                    : "id in (select m.log_id from log_metadata m where " + match + ")";
        }
        if (missing) {
            String present = "exists (select 1 from log_metadata m where m.log_id = logs.id";
            if (filter.field() == LogField.METADATA_ENTRY) {
                parameters.add(filter.metadataKey());
                present += " and m.meta_key = ?";
            }
            present += ")";
            return filter.operator() == LogOperator.NEQ ? "(not " + found + " and " + present + ")"
                    : "(" + found + " or not " + present + ")";
        }
        return filter.operator() == LogOperator.NEQ ? "not " + found : found;
    }

    /**
     * The query's metadata filter when it has exactly one and it looks for values ({@code eq} or
     * {@code contains}, not {@code neq}): the one a count from the metadata table can stand for.
     */
    static Optional<LogFilter> loneFilter(LogQuery query) {
        List<LogFilter> metadata = query.filters().stream().filter(LogMetadataSql::isMetadata).toList();
        // A filter for missing values counts entries without metadata rows: not from the metadata table alone.
        return metadata.size() == 1 && metadata.get(0).operator() != LogOperator.NEQ
                && !metadata.get(0).values().contains(LogFilter.NULL) ? Optional.of(metadata.get(0)) : Optional.empty();
    }

    static boolean isMetadata(LogFilter filter) {
        return filter.field() == LogField.METADATA_KEY || looksForValues(filter);
    }

    /** A metadata filter on values: any key's ({@code metadata.value}) or one key's ({@code metadata.<key>}). */
    static boolean looksForValues(LogFilter filter) {
        return filter.field() == LogField.METADATA_VALUE || filter.field() == LogField.METADATA_ENTRY;
    }

    /**
     * The metadata rows of the gateway that a metadata filter looks for (a {@code neq} looks for its values).
     * Values looked for whole are found in their buckets ({@link MetadataBuckets}), which lead the value index,
     * and in the bucket of rows written without one.
     */
    private static String match(GatewayRef gateway, LogFilter filter, List<Object> parameters) {
        boolean value = looksForValues(filter);
        List<Object> values = filter.values().stream()
                .map(v -> (Object) MetadataBuckets.asStored(String.valueOf(v))).toList();
        LogOperator operator = filter.operator() == LogOperator.NEQ ? LogOperator.EQ : filter.operator();
        parameters.add(gateway.account().value());
        parameters.add(gateway.id().value());
        String buckets = "";
        if (value && operator == LogOperator.EQ) {
            List<Object> bucketsOfValues = Stream.concat(Stream.of(MetadataBuckets.UNKNOWN),
                            values.stream().map(v -> MetadataBuckets.of(String.valueOf(v))))
                    .distinct().map(bucket -> (Object) bucket).toList();
            buckets = LogValueSql.anyOf("m.value_bucket", bucketsOfValues, false, parameters) + " and ";
        }
        String key = "";
        if (filter.field() == LogField.METADATA_ENTRY) {
            parameters.add(filter.metadataKey());
            key = "m.meta_key = ? and ";
        }
        return "m.account_id = ? and m.gateway_id = ? and " + buckets + key
                + LogValueSql.matching(value ? "m.value_text" : "m.meta_key", operator, values, parameters, false);
    }

    /**
     * How many of the gateway's entries have metadata that a (non-{@code neq}) metadata filter matches,
     * counted from the metadata table alone.
     */
    static LogSql.Statement count(GatewayRef gateway, LogFilter filter) {
        List<Object> parameters = new ArrayList<>();
        String match = match(gateway, filter, parameters);
        return new LogSql.Statement("select count(distinct m.log_id) from log_metadata m where " + match, parameters);
    }
}
