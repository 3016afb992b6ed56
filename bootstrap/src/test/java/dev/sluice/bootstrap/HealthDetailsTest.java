package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} and its probes answer anyone with the status alone (and its HTTP code, for load balancers and
 * orchestrators), and the admin token's bearer with every component's details too. The details (disk space and the
 * data directory's volume, each component and what failed) were shown to anyone (found by the security probe).
 */
class HealthDetailsTest {

    private static final String[] PATHS = {"/health", "/health/liveness", "/health/readiness"};

    private static EmbeddedServer start(Map<String, Object> extra) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-health").toString(),
                "micronaut.server.port", -1, "sluice.admin-token", SluiceClient.ADMIN));
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path, String authorization) throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        var request = client.request(path).GET();
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return client.send(request);
    }

    @Test
    void anyoneSeesTheStatusAloneAndTheAdminEveryComponent() throws Exception {
        try (EmbeddedServer server = start(Map.of())) {
            for (String path : PATHS) {
                for (String stranger : new String[] {null, "Bearer not-the-admin-token", "Basic YWRtaW46YWRtaW4="}) {
                    HttpResponse<String> answer = get(server, path, stranger);
                    assertThat(answer.statusCode()).as(path + " " + stranger).isEqualTo(200);
                    assertThat(answer.body()).as(path + " " + stranger).contains("\"status\":\"UP\"")
                            .doesNotContain("details").doesNotContain("diskSpace").doesNotContain("store");
                }
            }
            HttpResponse<String> admin = get(server, "/health", "Bearer " + SluiceClient.ADMIN);
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("\"status\":\"UP\"").contains("\"diskSpace\"")
                    .contains("\"store\":{\"name\":\"sluice\",\"status\":\"UP\"");
            assertThat(get(server, "/health/readiness", "Bearer " + SluiceClient.ADMIN).body()).contains("\"details\"");
        }
    }

    @Test
    void aComponentDownIsA503ForAnyoneWithItsDetailsForTheAdminOnly() throws Exception {
        try (EmbeddedServer server = start(Map.of("health-details-test.down", true))) {
            for (String path : new String[] {"/health", "/health/readiness"}) {
                HttpResponse<String> anonymous = get(server, path, null);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(503);
                assertThat(anonymous.body()).as(path).contains("\"status\":\"DOWN\"")
                        .doesNotContain("details").doesNotContain("health-details-test");
            }
            HttpResponse<String> admin = get(server, "/health", "Bearer " + SluiceClient.ADMIN);
            assertThat(admin.statusCode()).isEqualTo(503);
            assertThat(admin.body()).contains("\"health-details-test\":{\"name\":\"sluice\",\"status\":\"DOWN\"");
        }
    }

    @Singleton
    @Requires(property = "health-details-test.down", value = "true")
    static class Down implements HealthIndicator {
        @Override
        public Publisher<HealthResult> getResult() {
            return Mono.just(HealthResult.builder("health-details-test", HealthStatus.DOWN).build());
        }
    }
}
