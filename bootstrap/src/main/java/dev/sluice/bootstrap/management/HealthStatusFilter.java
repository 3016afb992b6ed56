package dev.sluice.bootstrap.management;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;

/**
 * Micronaut's health filter (503 when a health indicator is down), matched by a regular expression. Its
 * own three Ant patterns were matched against every request, proxied calls included, and Micronaut
 * tokenises both pattern and path for each: 5% of what the event loops allocated (docs/PERFORMANCE.md).
 */
@Replaces(HealthResultFilter.class)
@Requires(beans = HealthEndpoint.class)
@ServerFilter(value = "${endpoints.all.path:/}${endpoints.health.id:health}(/liveness|/readiness)?",
        patternStyle = FilterPatternStyle.REGEX)
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
