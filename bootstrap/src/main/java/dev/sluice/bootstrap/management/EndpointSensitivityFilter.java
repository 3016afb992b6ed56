package dev.sluice.bootstrap.management;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.management.endpoint.EndpointSensitivityHandler;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.EndpointsFilter;

/**
 * Micronaut's filter that refuses a sensitive management endpoint, on every path as before, but matched
 * by the regular expression {@code (?s).*} (any path, line breaks included) instead of the Ant pattern {@code /**}, which Micronaut tokenised
 * (pattern and path) for every request (docs/PERFORMANCE.md). Micronaut marks the filter internal: an
 * upgrade that changes it shows in {@code ManagementFiltersTest}.
 */
@Replaces(EndpointsFilter.class)
@Requires(missingBeans = EndpointSensitivityHandler.class)
@ServerFilter(value = "(?s).*", patternStyle = FilterPatternStyle.REGEX, appendContextPath = false)
public class EndpointSensitivityFilter extends EndpointsFilter {

    EndpointSensitivityFilter(EndpointSensitivityProcessor processor) {
        super(processor);
    }

    /** Null lets the request through, as the original's does. */
    @Override
    @RequestFilter
    @Nullable
    public HttpResponse<?> doFilter(HttpRequest<?> request) {
        return super.doFilter(request);
    }
}
