package dev.sluice.bootstrap.management;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;

/**
 * Micronaut's health filter (503 when a health indicator is down), declared on every path. Its own three patterns
 * ({@code /health} and its probes) made Micronaut look the filters up for every request, proxied calls included: a
 * list, a pattern match for each filter with a pattern, and a sort, where filters that all match every path cost
 * nothing to find (docs/PERFORMANCE.md). It needs no path: it acts only on an answer whose body is a health result,
 * which only the health endpoint's is.
 */
@Replaces(HealthResultFilter.class)
@Requires(beans = HealthEndpoint.class)
@ServerFilter(Filter.MATCH_ALL_PATTERN)
public class HealthStatusFilter extends HealthResultFilter {

    HealthStatusFilter(HealthEndpoint healthEndpoint) {
        super(healthEndpoint);
    }

    @Override
    @ResponseFilter
    public void doFilter(MutableHttpResponse<?> response) {
        super.doFilter(response);
    }
}
