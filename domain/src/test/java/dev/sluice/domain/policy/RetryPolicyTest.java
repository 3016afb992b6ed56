package dev.sluice.domain.policy;

import dev.sluice.domain.gateway.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    @Test
    void delaysGrowByBackoff() {
        Duration base = Duration.ofMillis(100);
        assertThat(new RetryPolicy(5, base, Backoff.CONSTANT).delayBefore(3)).isEqualTo(Duration.ofMillis(100));
        assertThat(new RetryPolicy(5, base, Backoff.LINEAR).delayBefore(3)).isEqualTo(Duration.ofMillis(300));
        assertThat(new RetryPolicy(5, base, Backoff.EXPONENTIAL).delayBefore(3)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void onlyThrottlingAndServerErrorsAreRetried() {
        assertThat(RetryPolicy.retryableStatus(429)).isTrue();
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(400)).isFalse();
        assertThat(RetryPolicy.retryableStatus(200)).isFalse();
    }

    @Test
    void retriesUntilAttemptsAreSpent() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ZERO, Backoff.CONSTANT);
        assertThat(policy.mayRetryAfter(1)).isTrue();
        assertThat(policy.mayRetryAfter(2)).isFalse();
    }
}
