package dev.sluice.application.generate;

import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationError;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerateTextServiceTest {

    /** A clock the fake gateway moves: a hit takes 2 ms, a fresh call 500 ms. */
    private static final class SteppedClock extends Clock {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A gateway with a real cache's behaviour: the first cached call misses, the next ones hit. */
    private static final class CachingGateway implements Generator {
        final List<GenerationRequest> requests = new ArrayList<>();
        final Set<String> cached = new HashSet<>();
        final SteppedClock clock;
        /** The next hit waits as long as a provider's call, as a request coalesced behind another's does. */
        boolean slowHits;

        CachingGateway(SteppedClock clock) {
            this.clock = clock;
        }

        @Override
        public CompletionStage<GatewayAnswer> generate(GenerationRequest request) {
            requests.add(request);
            boolean hit = !request.skipCache() && !cached.add(request.prompt().text());
            clock.now = clock.now.plus(hit && !slowHits ? Duration.ofMillis(2) : Duration.ofMillis(500));
            slowHits = slowHits && !hit;
            CacheStatus status = request.skipCache() ? CacheStatus.BYPASS : hit ? CacheStatus.HIT : CacheStatus.MISS;
            return CompletableFuture.completedFuture(new GatewayAnswer("text", "default", "mock", request.model(),
                    status, Optional.of("log-" + requests.size())));
        }
    }

    private final SteppedClock clock = new SteppedClock();
    private final CachingGateway gateway = new CachingGateway(clock);
    private final GenerateTextService service = new GenerateTextService(gateway, ModelName.DEFAULT, clock);

    private GenerationReport generate(String prompt, boolean compare) throws Exception {
        return service.generate(new GenerateTextCommand(new Prompt(prompt), Optional.empty(), compare))
                .toCompletableFuture().get();
    }

    @Test
    void aPlainGenerationIsOneCachedCallWithItsLatency() throws Exception {
        GenerationReport report = generate("hi", false);
        assertThat(report.comparison()).isEmpty();
        assertThat(report.generation().answer().cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(report.generation().latencyMillis()).isEqualByComparingTo("500");
        assertThat(gateway.requests).singleElement().satisfies(r -> {
            assertThat(r.skipCache()).isFalse();
            assertThat(r.model()).isEqualTo(ModelName.DEFAULT);
        });
    }

    @Test
    void aComparisonPrimesAMissSoTheMeasuredCachedCallIsARealHit() throws Exception {
        GenerationReport report = generate("new prompt", true);
        var comparison = report.comparison().orElseThrow();
        assertThat(comparison.cached().answer().cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(comparison.cached().latencyMillis()).isEqualByComparingTo("2");
        assertThat(comparison.fresh().answer().cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(comparison.fresh().skipCache()).isTrue();
        assertThat(comparison.latencyDeltaMillis()).isEqualByComparingTo("498");
        assertThat(comparison.speedup()).contains(new BigDecimal("250.00"));
        assertThat(report.generation()).isEqualTo(comparison.cached());
        assertThat(gateway.requests).extracting(GenerationRequest::skipCache).containsExactly(false, false, true);
    }

    /**
     * A first call that hits may have waited for an identical request's call to the provider (coalesced, and answered
     * as a HIT): the cached latency is measured on a call of its own, made once the cache holds the answer.
     */
    @Test
    void theCachedLatencyIsMeasuredOnACallOfItsOwnEvenWhenTheFirstHits() throws Exception {
        generate("warm", false);
        gateway.requests.clear();
        gateway.slowHits = true;
        GenerationReport report = generate("warm", true);
        assertThat(gateway.requests).extracting(GenerationRequest::skipCache).containsExactly(false, false, true);
        assertThat(report.comparison().orElseThrow().cached().latencyMillis()).isEqualByComparingTo("2");
    }

    @Test
    void aFailingGatewayFailsTheGeneration() {
        GenerateTextService failing = new GenerateTextService(request -> CompletableFuture.failedFuture(
                GenerationException.aiError(401, "workers-ai: Authentication error")), ModelName.DEFAULT, clock);
        assertThatThrownBy(() -> failing.generate(new GenerateTextCommand(new Prompt("x"), Optional.empty(), true))
                .toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.error()).isEqualTo(GenerationError.AI_ERROR);
                    assertThat(e.upstreamStatus()).hasValue(401);
                });
    }

    @Test
    void promptsAndModelsAreCheckedWhenMade() {
        assertThatThrownBy(() -> new Prompt("  ")).isInstanceOfSatisfying(GenerationException.class,
                e -> assertThat(e.error()).isEqualTo(GenerationError.MISSING_PROMPT));
        for (String bad : new String[] {"", "../../admin", "@cf/a//b", "a b", "@cf/" + "x".repeat(197), "gpt-4o-mini",
                "openai/gpt-4o", "@cf/", "@xf/meta/model", "@cf//meta"}) {
            assertThatThrownBy(() -> new ModelName(bad)).as(bad).isInstanceOfSatisfying(GenerationException.class,
                    e -> assertThat(e.error()).isEqualTo(GenerationError.INVALID_BODY));
        }
        assertThat(new ModelName("@hf/thebloke/deepseek-coder-6.7b-instruct-awq").value())
                .isEqualTo("@hf/thebloke/deepseek-coder-6.7b-instruct-awq");
        assertThat(new ModelName("@cf/" + "x".repeat(196)).value()).hasSize(200);
    }

    @Test
    void aFailingModelGivesWayToItsFallbacksInOrderAndTheOneThatAnsweredIsCompared() throws Exception {
        ModelName down = new ModelName("@cf/down/model");
        ModelName alsoDown = new ModelName("@cf/also-down/model");
        ModelName up = new ModelName("@cf/meta/llama-3.1-8b-instruct");
        List<ModelName> tried = new ArrayList<>();
        Generator failingFirst = request -> {
            tried.add(request.model());
            return request.model().equals(up) ? gateway.generate(request)
                    : CompletableFuture.failedFuture(GenerationException.aiError(503, "overloaded"));
        };
        GenerateTextService withFallback = new GenerateTextService(failingFirst, ModelName.DEFAULT, clock);
        GenerationReport report = withFallback.generate(new GenerateTextCommand(new Prompt("fall"), Optional.of(down),
                true, List.of(alsoDown, up))).toCompletableFuture().get();

        assertThat(report.step()).isEqualTo(2);
        assertThat(report.generation().answer().model()).isEqualTo(up);
        assertThat(tried).startsWith(down, alsoDown, up);
        assertThat(tried.subList(2, tried.size())).as("the comparison runs on the model that answered").containsOnly(up);
        assertThat(report.comparison()).isPresent();
        assertThat(report.comparison().get().fresh().answer().model()).isEqualTo(up);
    }

    @Test
    void whenEveryModelFailsTheLastFailureIsTheAnswer() {
        Generator down = request -> CompletableFuture.failedFuture(GenerationException.aiError(502,
                "down: " + request.model().value()));
        GenerateTextService withFallback = new GenerateTextService(down, ModelName.DEFAULT, clock);
        assertThatThrownBy(() -> withFallback.generate(new GenerateTextCommand(new Prompt("x"), Optional.empty(), false,
                List.of(new ModelName("@cf/last/model")))).toCompletableFuture().get())
                .hasMessageContaining("down: @cf/last/model");
    }
}
