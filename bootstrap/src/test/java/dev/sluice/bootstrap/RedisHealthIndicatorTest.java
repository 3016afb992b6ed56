package dev.sluice.bootstrap;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How Micronaut's aggregator ranks {@link RedisHealthIndicator#DEGRADED} among the other components' statuses. */
class RedisHealthIndicatorTest {

    private final DefaultHealthAggregator aggregator = new DefaultHealthAggregator(new ApplicationConfiguration());

    private HealthStatus overall(HealthStatus... statuses) {
        HealthIndicator[] indicators = new HealthIndicator[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            HealthResult result = HealthResult.builder("c" + i, statuses[i]).build();
            indicators[i] = () -> Mono.just(result);
        }
        return Mono.from(aggregator.aggregate(indicators, HealthLevelOfDetail.STATUS_DESCRIPTION_DETAILS))
                .block(Duration.ofSeconds(5)).getStatus();
    }

    @Test
    void degradedOutranksUpWhicheverAnswersFirst() {
        assertThat(overall(HealthStatus.UP, RedisHealthIndicator.DEGRADED)).isEqualTo(RedisHealthIndicator.DEGRADED);
        assertThat(overall(RedisHealthIndicator.DEGRADED, HealthStatus.UP)).isEqualTo(RedisHealthIndicator.DEGRADED);
    }

    @Test
    void aDownStoreOutranksADegradedRedis() {
        assertThat(overall(HealthStatus.DOWN, RedisHealthIndicator.DEGRADED)).isEqualTo(HealthStatus.DOWN);
        assertThat(overall(RedisHealthIndicator.DEGRADED, HealthStatus.DOWN)).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void degradedLeavesItsOperationalFlagEmpty() {
        assertThat(RedisHealthIndicator.DEGRADED.getOperational())
                .as("false is a 503 without a mapping; true ties with UP in the aggregator's order").isEmpty();
    }
}
