package dev.sluice.bootstrap;

import dev.sluice.bootstrap.management.EndpointSensitivityFilter;
import dev.sluice.bootstrap.management.HealthStatusFilter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.EndpointsFilter;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micronaut's two management filters, matched by regular expressions instead of Ant patterns, still do
 * their jobs: a health indicator that is down makes {@code /health} (and its probes) answer 503, and a
 * sensitive endpoint is refused with 401. And they are the only ones: the originals are replaced.
 */
class ManagementFiltersTest {

    private static EmbeddedServer start(Map<String, Object> extra) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-management").toString(),
                "micronaut.server.port", -1, "sluice.admin-token", SluiceClient.ADMIN));
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    private static int status(EmbeddedServer server, String path) throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        return client.send(client.request(path).GET()).statusCode();
    }

    @Test
    void theOriginalsAreReplaced() throws Exception {
        try (EmbeddedServer server = start(Map.of())) {
            ApplicationContext context = server.getApplicationContext();
            assertThat(context.getBeansOfType(HealthResultFilter.class))
                    .singleElement().isInstanceOf(HealthStatusFilter.class);
            assertThat(context.getBeansOfType(EndpointsFilter.class))
                    .singleElement().isInstanceOf(EndpointSensitivityFilter.class);
            assertThat(status(server, "/health")).isEqualTo(200);
            assertThat(status(server, "/prometheus")).isEqualTo(200);
            // Micronaut's JSON metrics endpoint was open to anyone and documented nowhere (found by the security probe).
            assertThat(status(server, "/metrics")).isEqualTo(404);
        }
    }

    /** The replacements copy these; a Micronaut upgrade that changes them must be looked at. */
    @Test
    void theOriginalsPatternsAreStillTheOnesReplaced() {
        assertThat(HealthResultFilter.class.getAnnotation(ServerFilter.class).value()).containsExactly(
                "${endpoints.all.path:/}${endpoints.health.id:health}",
                "${endpoints.all.path:/}${endpoints.health.id:health}/liveness",
                "${endpoints.all.path:/}${endpoints.health.id:health}/readiness");
        assertThat(EndpointsFilter.class.getAnnotation(ServerFilter.class).value()).containsExactly("/**");
    }

    @Test
    void aHealthIndicatorThatIsDownMakesHealthAndItsProbesAnswer503() throws Exception {
        try (EmbeddedServer server = start(Map.of("management-filters-test.down", true))) {
            assertThat(status(server, "/health")).isEqualTo(503);
            assertThat(status(server, "/health/readiness")).isEqualTo(503);
        }
    }

    @Test
    void aSensitiveEndpointIsRefused() throws Exception {
        try (EmbeddedServer server = start(Map.of("endpoints.prometheus.sensitive", true))) {
            assertThat(status(server, "/prometheus")).isEqualTo(401);
            assertThat(status(server, "/health")).isEqualTo(200);
        }
    }

    @Singleton
    @Requires(property = "management-filters-test.down", value = "true")
    static class Down implements HealthIndicator {
        @Override
        public Publisher<HealthResult> getResult() {
            return Mono.just(HealthResult.builder("management-filters-test", HealthStatus.DOWN).build());
        }
    }
}
