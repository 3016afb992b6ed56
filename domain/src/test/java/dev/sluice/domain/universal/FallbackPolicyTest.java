package dev.sluice.domain.universal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What moves a universal request on to its next step, and what does not. */
class FallbackPolicyTest {

    @Test
    void successNeverFallsBack() {
        for (int status : new int[] {200, 201, 204, 299}) {
            assertThat(FallbackPolicy.fallsBack(status, "openai", "anthropic")).isFalse();
            assertThat(FallbackPolicy.fallsBack(status, "openai", "openai")).isFalse();
        }
    }

    @Test
    void rateLimitsAndServerErrorsFallBackEvenToTheSameProvider() {
        for (int status : new int[] {429, 500, 502, 503, 504, 529}) {
            assertThat(FallbackPolicy.fallsBack(status, "openai", "openai")).isTrue();
            assertThat(FallbackPolicy.fallsBack(status, "openai", "anthropic")).isTrue();
        }
    }

    @Test
    void otherClientErrorsFallBackOnlyToAnotherProvider() {
        for (int status : new int[] {400, 401, 403, 404, 413, 422}) {
            assertThat(FallbackPolicy.fallsBack(status, "openai", "anthropic")).isTrue();
            assertThat(FallbackPolicy.fallsBack(status, "openai", "openai")).isFalse();
        }
    }
}
