package dev.sluice.bootstrap;

import dev.sluice.bootstrap.management.HealthStatusFilter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.EndpointsFilter;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every server filter matches every path, so Micronaut finds them without work per request (docs/PERFORMANCE.md), and
 * the management filters still do their jobs: a health indicator that is down makes {@code /health} (and its probes)
 * answer 503, and a sensitive endpoint is refused with 401. Micronaut's health filter, whose patterns named its paths,
 * is replaced by one that matches every path.
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
            assertThat(context.getBeansOfType(EndpointsFilter.class)).singleElement()
                    .extracting(Object::getClass).isEqualTo(EndpointsFilter.class);
            assertThat(status(server, "/health")).isEqualTo(200);
            assertThat(status(server, "/prometheus")).isEqualTo(200);
            // Micronaut's JSON metrics endpoint was open to anyone and documented nowhere (found by the security probe).
            assertThat(status(server, "/metrics")).isEqualTo(404);
        }
    }

    /**
     * The filters that apply to a request are looked up for each one, unless every filter matches every path: then the
     * router hands out one list it made once. A filter declared on a pattern makes this fail (the admin filter on
     * {@code /+client/+v4(/.*)?}, as it was, did).
     */
    @Test
    void theFiltersAreNotLookedUpPerRequest() throws Exception {
        try (EmbeddedServer server = start(Map.of())) {
            Router router = server.getApplicationContext().getBean(Router.class);
            var proxied = router.findFilters(HttpRequest.POST("/v1/local/default/openai/v1/chat/completions", "{}"));
            var management = router.findFilters(HttpRequest.GET("/client/v4/accounts/local/ai-gateway/gateways"));
            assertThat(proxied).isSameAs(management).isNotEmpty();
        }
    }

    /** The replacement copies these; a Micronaut upgrade that changes them must be looked at. */
    @Test
    void theOriginalsPatternsAreStillTheOnesReplaced() {
        assertThat(HealthResultFilter.class.getAnnotation(ServerFilter.class).value()).containsExactly(
                "${endpoints.all.path:/}${endpoints.health.id:health}",
                "${endpoints.all.path:/}${endpoints.health.id:health}/liveness",
                "${endpoints.all.path:/}${endpoints.health.id:health}/readiness");
        // Micronaut's own, kept: it matches every path.
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
