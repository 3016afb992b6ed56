package dev.sluice.adapters.store.metrics;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request metrics' model label is the client's to choose: it takes a bounded number of values per gateway and
 * provider, the rest counted together as {@code other}, so a client sending endless model names cannot grow the
 * scrape (and the heap) without end.
 */
class MicrometerExchangeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerExchangeMetrics metrics = new MicrometerExchangeMetrics(registry, 3);

    private static LogEntry entry(String gateway, String provider, String model) {
        return entry(gateway, provider, model, true);
    }

    private static LogEntry entry(String gateway, String provider, String model, boolean success) {
        return new LogEntry("01930000-0000-7000-8000-000000000000", new GatewayRef(new AccountId("local"),
                new GatewayId(gateway)), Instant.parse("2026-12-06T10:00:00Z"), provider, model, "v1/chat/completions",
                success, false, 200, Optional.of(new TokenUsage(10, 5, 0, 0, false)),
                new Cost(new BigDecimal("0.001"), false), 100, Metadata.NONE, "e", "application/json",
                "application/json", 1, 1, 0, 1, OptionalInt.empty(), Optional.empty(), "ua", false, false);
    }

    private Set<String> models(String gateway) {
        return registry.find("sluice.requests").tag("gateway", gateway).counters().stream()
                .map(counter -> counter.getId().getTag("model")).collect(Collectors.toSet());
    }

    private double requests(String gateway, String model) {
        return registry.find("sluice.requests").tags("gateway", gateway, "model", model).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void modelsPastTheFirstFewOfAGatewayAndProviderAreCountedAsOther() {
        for (int i = 0; i < 1000; i++) {
            metrics.exchangeRecorded(entry("main", "openai", "model-" + i), Optional.empty());
        }
        metrics.exchangeRecorded(entry("main", "openai", "model-1"), Optional.empty());
        assertThat(models("main")).containsExactlyInAnyOrder("model-0", "model-1", "model-2", "other");
        assertThat(requests("main", "model-1")).isEqualTo(2);
        assertThat(requests("main", "other")).as("nothing uncounted").isEqualTo(997);
        assertThat(registry.find("sluice.tokens").tags("gateway", "main", "model", "other", "direction", "in").counter()
                .count()).isEqualTo(9970);

        metrics.exchangeRecorded(entry("main", "anthropic", "claude"), Optional.empty());
        metrics.exchangeRecorded(entry("other-gateway", "openai", "model-999"), Optional.empty());
        assertThat(models("other-gateway")).as("each gateway and provider has its own").containsExactly("model-999");
        assertThat(requests("main", "claude")).isEqualTo(1);
    }

    /** A deleted gateway's series go with it; another's stay, and one created again under its id starts afresh. */
    @Test
    void aDeletedGatewaysSeriesGoWithIt() {
        metrics.exchangeRecorded(entry("gone", "openai", "gpt"), Optional.of(java.time.Duration.ofMillis(1)));
        metrics.exchangeRecorded(entry("kept", "openai", "gpt"), Optional.of(java.time.Duration.ofMillis(1)));
        metrics.forget(new GatewayRef(new AccountId("local"), new GatewayId("gone")));
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getTag("gateway"))
                .doesNotContain("gone").contains("kept");
        metrics.exchangeRecorded(entry("gone", "openai", "gpt"), Optional.empty());
        assertThat(requests("gone", "gpt")).isEqualTo(1);
        assertThat(requests("kept", "gpt")).isEqualTo(1);
    }

    /** A stream the provider cut has its 200 status and is no success: an error-rate alert must see it. */
    @Test
    void aFailedAnswerWithA200StatusIsCountedAsNoSuccess() {
        metrics.exchangeRecorded(entry("main", "openai", "gpt", true), Optional.empty());
        metrics.exchangeRecorded(entry("main", "openai", "gpt", false), Optional.empty());
        assertThat(registry.find("sluice.requests").tags("status", "200", "success", "false").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("sluice.requests").tags("status", "200", "success", "true").counter().count())
                .isEqualTo(1);
    }
}
