package dev.sluice.adapters.http.management;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin filter runs on every path and picks the management API's paths itself. */
class AdminAuthenticationFilterTest {

    @Test
    void theManagementPathsInAnySpellingThatRoutes() {
        for (String path : new String[] {"/client/v4", "/client/v4/", "/client/v4/accounts/local/ai-gateway/gateways",
                "//client/v4/accounts", "/client//v4/accounts", "///client///v4", "/client/v4/x\ny", "/client/v4//"}) {
            assertThat(AdminAuthenticationFilter.isManagementPath(path)).as(path).isTrue();
        }
    }

    @Test
    void notOtherPaths() {
        for (String path : new String[] {"", "/", "client/v4", "/client", "/client/", "/client/v", "/client/v40",
                "/client/v4x/accounts", "/clients/v4", "/clientv4", "/v1/local/default/openai/v1/chat/completions",
                "/v1/client/v4", "/health", "/Client/v4"}) {
            assertThat(AdminAuthenticationFilter.isManagementPath(path)).as(path).isFalse();
        }
    }
}
