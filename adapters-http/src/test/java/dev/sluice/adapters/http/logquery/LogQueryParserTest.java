package dev.sluice.adapters.http.logquery;

import dev.sluice.domain.log.LogQuery;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogQueryParserTest {

    private static LogQuery parse(String query) {
        return LogQueryParser.parse(parameters(query), LogQueryParser.Purpose.LIST);
    }

    private static List<QueryParameter> parameters(String query) {
        List<QueryParameter> parameters = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            parameters.add(new QueryParameter(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return parameters;
    }

    private static String problem(String query) {
        try {
            parse(query);
        } catch (GatewayException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + query);
    }

    @Test
    void repeatedDottedKeysAreGroupedInTheOrderTheCloudflareClientSendsThem() {
        LogQuery query = parse("filters.key=provider&filters.operator=eq&filters.value=openai&filters.value=groq"
                + "&filters.key=success&filters.operator=eq&filters.value=true"
                + "&filters.key=cost&filters.operator=gt&filters.value=0.5");
        assertThat(query.filters()).containsExactly(
                new LogFilter(LogField.PROVIDER, LogOperator.EQ, List.of("openai", "groq")),
                new LogFilter(LogField.SUCCESS, LogOperator.EQ, List.of(true)),
                new LogFilter(LogField.COST, LogOperator.GT, List.of(new BigDecimal("0.5"))));
    }

    @Test
    void indexedAndBracketedFormsMeanTheSame() {
        List<LogFilter> expected = List.of(new LogFilter(LogField.MODEL, LogOperator.CONTAINS, List.of("gpt", "claude")));
        assertThat(parse("filters[0][key]=model&filters[0][operator]=contains&filters[0][value][]=gpt"
                + "&filters[0][value][]=claude").filters()).isEqualTo(expected);
        assertThat(parse("filters[0][value][1]=claude&filters[0][key]=model&filters[0][operator]=contains"
                + "&filters[0][value][0]=gpt").filters()).hasSize(1);
        assertThat(parse("filters.0.key=model&filters.0.operator=contains&filters.0.value=gpt&filters.0.value=claude")
                .filters()).isEqualTo(expected);
        assertThat(parse("filters[][key]=model&filters[][operator]=contains&filters[][value][]=gpt"
                + "&filters[][value][]=claude").filters()).isEqualTo(expected);
    }

    @Test
    void theDeprecatedFlatParametersBecomeFilters() {
        LogQuery query = parse("provider=openai&provider=groq&cached=false&start_date=2026-11-01&min_cost=0.01"
                + "&max_total_tokens=500&feedback=0&direction=asc&per_page=50&page=3&meta_info=true&search=%20hi%20");
        assertThat(query.filters()).contains(
                new LogFilter(LogField.PROVIDER, LogOperator.EQ, List.of("openai", "groq")),
                new LogFilter(LogField.CACHED, LogOperator.EQ, List.of(false)),
                new LogFilter(LogField.CREATED_AT, LogOperator.GTE, List.of(Instant.parse("2026-11-01T00:00:00Z"))),
                new LogFilter(LogField.COST, LogOperator.GTE, List.of(new BigDecimal("0.01"))),
                new LogFilter(LogField.TOKENS, LogOperator.LTE, List.of(new BigDecimal("500"))),
                new LogFilter(LogField.FEEDBACK, LogOperator.EQ, List.of(BigDecimal.ONE.negate())));
        assertThat(query.descending()).isFalse();
        assertThat(query.perPage()).isEqualTo(50);
        assertThat(query.offset()).isEqualTo(100);
        assertThat(query.metaInfo()).isTrue();
        assertThat(query.search()).contains("%20hi%20");
    }

    @Test
    void timesAreIsoInstantsDatesOrEpochMilliseconds() {
        assertThat(parse("filters.key=created_at&filters.operator=lt&filters.value=1763892000000").filters().get(0).values())
                .containsExactly(Instant.ofEpochMilli(1763892000000L));
        assertThat(parse("filters.key=created_at&filters.operator=lt&filters.value=2026-11-23T10:00:00+01:00")
                .filters().get(0).values()).containsExactly(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        assertThat(problem("filters.key=provider&filters.operator=like&filters.value=x"))
                .contains("filters.operator").contains("'like'");
        assertThat(problem("filters.key=colour&filters.value=x")).contains("filters.key").contains("colour");
        assertThat(problem("filters.key=dlp_action&filters.value=FLAG")).contains("does not record");
        assertThat(problem("filters.key=provider&filters.operator=gt&filters.value=x"))
                .contains("'gt' does not apply to provider");
        assertThat(problem("filters.key=cost&filters.operator=gt&filters.value=cheap")).contains("filters.value")
                .contains("a number");
        assertThat(problem("filters.key=cost&filters.operator=gt&filters.value=1&filters.value=2"))
                .contains("takes one value");
        assertThat(problem("filters.key=provider")).contains("has no value");
        assertThat(problem("filters.value=openai")).contains("has no key");
        assertThat(problem("filters.key=")).startsWith("filters.key: filter 1 has no key");
        assertThat(problem("filters[0][colour]=red")).contains("filters[0][colour]");
        assertThat(problem("filters[0=x")).contains("filters[0");
        assertThat(problem("filters.key=success&filters.value=yes")).contains("true or false");
        assertThat(problem("filters.key=created_at&filters.operator=gt&filters.value=yesterday")).contains("a time");
        assertThat(problem("per_page=0")).contains("per_page");
        assertThat(problem("per_page=101")).contains("per_page");
        assertThat(problem("page=-1")).contains("page");
        assertThat(problem("order_by=secret")).contains("order_by");
        assertThat(problem("order_by_direction=up")).contains("asc or desc");
        assertThat(problem("model_type=chat")).contains("model_type");
        assertThat(problem("feedback=5")).contains("feedback");
        assertThat(problem("filters.key=cost&filters.operator=gt&filters.value=1e999999")).contains("a number");
        assertThat(problem("filters[99999][key]=cost")).contains("9999");
        assertThat(problem("search=a\u0000b")).isEqualTo("search: a NUL character is not allowed");
        // Only ASCII digits: Java's parser reads any script's ('١' is 1).
        assertThat(problem("page=\u0661")).startsWith("page:");
        // Found by a probe: trimmed first, a lone NUL was a blank search, and matched (and deleted) every entry.
        assertThat(problem("search=\u0000")).isEqualTo("search: a NUL character is not allowed");
        assertThat(problem("filters.key=provider&filters.value=open\u0000ai")).contains("filters.value")
                .contains("NUL");
        assertThat(problem("filters.key=metadata.us\u0000er&filters.value=1")).contains("filters.key")
                .contains("NUL");
        assertThat(problem("filters.key=metadata." + "k".repeat(129) + "&filters.value=1")).contains("at most 128");
        // Characters, as an entry's keys are counted: an emoji is one.
        assertThat(parse("filters.key=metadata." + "\uD83D\uDE00".repeat(128) + "&filters.value=1").filters()).hasSize(1);
    }

    @Test
    void unknownParametersAreIgnoredAndLimitOnlyCountsForDeletes() {
        assertThat(parse("utm_source=x&_=123&limit=5").limit()).isEmpty();
        assertThat(LogQueryParser.parse(parameters("limit=5"), LogQueryParser.Purpose.DELETE).limit()).hasValue(5);
        assertThat(parse("order_by=model_type").orderBy()).isEqualTo(LogField.MODEL);
        assertThat(parse("filters.key=tokens_in&filters.value=null").filters().get(0).values())
                .containsExactly(LogFilter.NULL);
    }

    /**
     * Found by a probe: a delete with a misspelt filter ({@code filter.key} for {@code filters.key}) ignored it and
     * deleted the gateway's whole log. A listing still ignores what it does not know.
     */
    @Test
    void aDeleteRefusesParametersItDoesNotTake() {
        for (String query : List.of("filter.key=provider&filter.operator=eq&filter.value=mock", "Provider_=openai",
                "meta_info=true", "utm_source=x")) {
            try {
                LogQueryParser.parse(parameters(query), LogQueryParser.Purpose.DELETE);
                throw new AssertionError("accepted: " + query);
            } catch (GatewayException e) {
                assertThat(e.code()).isEqualTo(dev.sluice.domain.error.ErrorCode.INVALID_PARAMETER);
                assertThat(e.getMessage()).startsWith("'" + query.substring(0, query.indexOf('=')) + "'")
                        .contains("a delete takes no such parameter");
            }
            assertThat(parse(query).filters()).as("a listing ignores it").isEmpty();
        }
        assertThat(LogQueryParser.parse(parameters("provider=openai&search=x&limit=3&order_by=cost&direction=asc"
                + "&filters.key=model&filters.value=m&min_cost=0"), LogQueryParser.Purpose.DELETE).filters()).hasSize(3);
    }

    @Test
    void timesBeyondTheStoresRangeAreRefusedNamingTheParameter() {
        assertThat(problem("filters.key=created_at&filters.operator=gt&filters.value=%2B999999999-01-01T00:00:00Z"
                .replace("%2B", "+"))).startsWith("filters.value:").contains("year 0 to year 9999");
        assertThat(problem("start_date=-999999999-01-01T00:00:00Z")).startsWith("start_date:");
        assertThat(parse("end_date=9999-12-31T23:59:59Z").filters()).hasSize(1);
        assertThat(parse("start_date=0000-01-01T00:00:00Z").filters()).hasSize(1);
    }
}
