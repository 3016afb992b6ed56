package dev.sluice.adapters.http.error;

import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {

    @Test
    void aRequestTheHeapCannotHoldNowIsA503ToRetryNotA500() {
        var response = ErrorResponses.of(HttpRequest.POST("/v1/local/default/compat/chat/completions", ""),
                new java.util.concurrent.CompletionException(new OutOfMemoryError("Java heap space")));
        assertThat(response.code()).isEqualTo(503);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().orElseThrow().toString()).contains("2115");
    }

    @Test
    void aDatabaseDownOnTheRequestPathIsThe503TheApiAnswersItWithNotA500() {
        // A new replica's first lookup of a gateway with PostgreSQL down came back a 500 with an ERROR stack trace.
        var response = ErrorResponses.of(HttpRequest.POST("/v1/local/default/openai/x", ""),
                new java.util.concurrent.CompletionException(new dev.sluice.domain.error.StoreUnavailableException(
                        "Connection is not available, request timed out after 5000ms", null)));
        assertThat(response.code()).isEqualTo(503);
        assertThat(response.getBody().orElseThrow().toString()).contains("2112").doesNotContain("5000ms");
    }

    @Test
    void aChangeTheDatabaseKeptRefusingForConcurrentOnesIsItsOwn503NotADatabaseDown() {
        var response = ErrorResponses.of(HttpRequest.DELETE("/client/v4/accounts/local/ai-gateway/gateways/g/logs"),
                new dev.sluice.domain.error.StoreContendedException("deadlock detected", null));
        assertThat(response.code()).isEqualTo(503);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().orElseThrow().toString()).contains("2117").doesNotContain("2112")
                .doesNotContain("deadlock");
    }

    @Test
    void anythingElseUnexpectedIsA500WithoutItsDetails() {
        var response = ErrorResponses.of(HttpRequest.POST("/v1/local/default/openai/x", ""),
                new IllegalStateException("secret detail"));
        assertThat(response.code()).isEqualTo(500);
        assertThat(response.getBody().orElseThrow().toString()).doesNotContain("secret detail");
    }
}
