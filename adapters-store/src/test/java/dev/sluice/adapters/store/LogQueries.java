package dev.sluice.adapters.store;

import dev.sluice.adapters.http.logquery.LogQueryParser;
import dev.sluice.adapters.http.logquery.QueryParameter;
import dev.sluice.domain.log.LogQuery;

import java.util.ArrayList;
import java.util.List;

/** A logs listing's query string ({@code key=value&…}, not URL-encoded) parsed as the logs API parses it. */
public final class LogQueries {

    private LogQueries() {
    }

    public static LogQuery query(String queryString) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (!queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                int eq = pair.indexOf('=');
                parameters.add(new QueryParameter(pair.substring(0, eq), pair.substring(eq + 1)));
            }
        }
        return LogQueryParser.parse(parameters, LogQueryParser.Purpose.LIST);
    }
}
