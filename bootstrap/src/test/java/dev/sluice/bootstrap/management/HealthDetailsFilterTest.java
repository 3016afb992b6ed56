package dev.sluice.bootstrap.management;

import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthDetailsFilterTest {

    private static final AuthenticateAdminUseCase NOBODY = (TokenHash presented) -> false;

    @Test
    void theHealthPathsAreTheEndpointsAndItsTwoProbes() {
        HealthDetailsFilter filter = new HealthDetailsFilter(NOBODY, "/", "health");
        for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
            assertThat(filter.isHealthPath(path)).as(path).isTrue();
        }
        for (String path : new String[] {"/", "/healthz", "/health/", "/health/livenessx", "/health/readinesss",
                "/health/other", "/v1/local/health", "/prometheus"}) {
            assertThat(filter.isHealthPath(path)).as(path).isFalse();
        }
    }

    @Test
    void theHealthPathFollowsTheEndpointsSettings() {
        HealthDetailsFilter filter = new HealthDetailsFilter(NOBODY, "/manage", "status");
        assertThat(filter.isHealthPath("/manage/status")).isTrue();
        assertThat(filter.isHealthPath("/manage/status/readiness")).isTrue();
        assertThat(filter.isHealthPath("/health")).isFalse();
    }
}
