package dev.sluice.application.limits;

import dev.sluice.application.support.CountingLimitCounters;
import dev.sluice.application.support.RealJson;
import dev.sluice.application.support.StageHarness;
import dev.sluice.domain.cache.CacheDirectives;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.cost.ModelPrice;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import dev.sluice.domain.limits.RateLimitedException;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.policy.RequestPolicy;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway's limits: its own Cloudflare rate limit and its rules, counted before the call goes on,
 * refused with 2003 (2041 for spend) when full, hits given back, charges settled when the exchange ends.
 */
class LimitsStageTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:30Z"), ZoneOffset.UTC);
    private final CountingLimitCounters counters = new CountingLimitCounters();
    private final List<String> refused = new ArrayList<>();
    private final List<String> storeFailures = new ArrayList<>();
    private final LimitEventsPort events = new LimitEventsPort() {
        @Override
        public void refused(GatewayRef gateway, String rule) {
            refused.add(rule);
        }

        @Override
        public void storeFailed(GatewayRef gateway, String rule, boolean allowed, Throwable cause) {
            storeFailures.add(rule + (allowed ? ":allow" : ":deny"));
        }
    };
    private final PriceTable prices = new PriceTable(Map.of("openai",
            Map.of("gpt-4o-mini", ModelPrice.of("1000000", "1000000"))));
    private final LimitsStage stage = CountingLimitCounters.stage(counters, RealJson::read, prices, events, clock);

    private static Gateway gateway(Object limits, Object spend, long rateLimit) {
        GatewaySettings settings = GatewaySettingsChange.of(GatewaySettings.defaults())
                .rateLimiting(rateLimit > 0 ? 60L : 0L, rateLimit, "sliding")
                .limits(limits, spend).apply();
        return Gateway.create(StageHarness.OPEN, settings, Instant.EPOCH);
    }

    private static Consumer<dev.sluice.application.pipeline.Exchange> on(Gateway gateway, Map<String, Object> metadata) {
        RequestPolicy policy = new RequestPolicy(new Metadata(metadata), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), CacheDirectives.NONE, Optional.empty());
        return StageHarness.resolved(policy).andThen(exchange -> exchange.gateway(gateway));
    }

    private static StageHarness refusingWhenTold() {
        return new StageHarness().answering(exchange -> {
            exchange.upstreamRefusal().ifPresent(refusal -> {
                throw refusal;
            });
            return CompletableFuture.completedFuture(StageHarness.answer(exchange, StageHarness.ok("ok")));
        });
    }

    private static RateLimitedException refusal(Throwable thrown) {
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(RateLimitedException.class);
        return (RateLimitedException) thrown.getCause();
    }

    @Test
    void withoutLimitsEveryCallPassesUncounted() throws Exception {
        var answer = new StageHarness().await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThat(StageHarness.read(answer)).isEqualTo("ok");
        assertThat(counters.counts).isEmpty();
        assertThat(stage.name()).isEqualTo("limits");
    }

    @Test
    void overTheGatewaysLimitTheCallIsRefusedWith2003BeforeTheProvider() throws Exception {
        StageHarness harness = refusingWhenTold();
        var given = on(gateway(null, null, 2), Map.of());
        harness.await(StageHarness.call(), given, stage);
        harness.await(StageHarness.call(), given, stage);
        RateLimitedException limited = refusal(catchThrowable(() -> harness.await(StageHarness.call(), given, stage)));
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.decision().limit()).isEqualTo(2);
        assertThat(limited.retryAfterSeconds()).isEqualTo(60);
        assertThat(limited.getMessage()).contains("2 requests per 60 s (sliding window)");
        assertThat(limited.rule()).isEqualTo("rate_limiting");
        assertThat(refused).containsExactly("rate_limiting");
        assertThat(harness.reached.get(2).upstreamRefusal()).as("the call stage is told to refuse it").isPresent();
    }

    /**
     * Found by a probe: with two rules full, Retry-After was the first refusing rule's in list order, so a client that
     * waited for it was refused again by the other (3 s, then 117 s).
     */
    @Test
    void ofTheRulesThatRefuseTheOneThatReopensLastIsNamedWithItsRetryAfter() throws Exception {
        StageHarness harness = refusingWhenTold();
        var given = on(gateway(List.of(Map.of("id", "short", "count", "requests", "limit", 1, "window", 10),
                Map.of("id", "long", "count", "requests", "limit", 1, "window", 3600)), null, 0), Map.of());
        harness.await(StageHarness.call(), given, stage);
        RateLimitedException limited = refusal(catchThrowable(() -> harness.await(StageHarness.call(), given, stage)));
        assertThat(limited.rule()).isEqualTo("long");
        assertThat(limited.retryAfterSeconds()).isGreaterThan(3500);
    }

    @Test
    void aCacheHitIsTakenBackOffEveryCount() throws Exception {
        StageHarness harness = new StageHarness().answering(exchange ->
                CompletableFuture.completedFuture(StageHarness.hit(exchange, "cached")));
        var given = on(gateway(List.of(Map.of("id", "c", "count", "concurrent", "limit", 1)), null, 1), Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(harness.await(StageHarness.call(), given, stage).cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
        assertThat(counters.counts.values()).containsOnly(0L);
        assertThat(refused).as("nothing was refused").isEmpty();
    }

    @Test
    void aCacheHitServedOverAFullLimitIsNotCountedAsRefused() throws Exception {
        var given = on(gateway(null, null, 1), Map.of());
        refusingWhenTold().await(StageHarness.call(), given, stage);
        StageHarness hits = new StageHarness().answering(exchange ->
                CompletableFuture.completedFuture(StageHarness.hit(exchange, "cached")));
        for (int i = 0; i < 3; i++) {
            assertThat(hits.await(StageHarness.call(), given, stage).cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
        assertThat(hits.reached.get(0).upstreamRefusal()).as("the call was to be refused").isPresent();
        assertThat(refused).as("but the cache answered it").isEmpty();
        catchThrowable(() -> refusingWhenTold().await(StageHarness.call(), given, stage));
        assertThat(refused).containsExactly("rate_limiting");
    }

    @Test
    void aRequestRuleCountsEachMetadataValueApartAndNamesItself() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(Map.of("id", "per-user", "count", "requests", "limit", 1, "window", 60,
                "key", "metadata.user_id")), null, 0);
        harness.await(StageHarness.call(), on(gateway, Map.of("user_id", "alice")), stage);
        harness.await(StageHarness.call(), on(gateway, Map.of("user_id", "bob")), stage);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        RateLimitedException limited = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(), on(gateway, Map.of("user_id", "alice")), stage)));
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.getMessage()).isEqualTo(
                "Rate limited: rule 'per-user' (requests limit 1 per 60s, fixed) for metadata.user_id=alice");
        assertThat(counters.counts).containsOnlyKeys("local/open/per-user|metadata.user_id=alice",
                "local/open/per-user|metadata.user_id=bob");
    }

    /** A provider's key is a secret: a rule keyed by the header that carries it counts under its hash. */
    @Test
    void aRuleKeyedByAProvidersKeyCountsUnderItsHashNeverTheKeyItself() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(Map.of("id", "per-key", "count", "requests", "limit", 1, "window", 60,
                "key", "header.authorization"), Map.of("id", "per-team", "count", "requests", "limit", 5,
                "window", 60, "key", "header.x-team")), null, 0);
        Header key = new Header("authorization", "Bearer sk-SECRET-key-123");
        Header team = new Header("x-team", "search");
        harness.await(StageHarness.call(key, team), on(gateway, Map.of()), stage);
        harness.await(StageHarness.call(new Header("authorization", "Bearer sk-other"), team), on(gateway, Map.of()),
                stage);
        RateLimitedException limited = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(key, team), on(gateway, Map.of()), stage)));
        assertThat(limited.getMessage()).doesNotContain("sk-SECRET").contains("for header.authorization=");
        assertThat(counters.counts.keySet()).noneMatch(counter -> counter.contains("sk-"))
                .contains("local/open/per-team|header.x-team=search").hasSize(3);
    }

    @Test
    void whenOneRuleRefusesWhatTheOthersCountedIsGivenBack() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(
                Map.of("id", "wide", "count", "requests", "limit", 10, "window", 60),
                Map.of("id", "narrow", "count", "requests", "limit", 1, "window", 60)), null, 0);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        for (int i = 0; i < 3; i++) {
            refusal(catchThrowable(() -> harness.await(StageHarness.call(), on(gateway, Map.of()), stage)));
        }
        assertThat(counters.counts).containsEntry("local/open/wide|", 1L).containsEntry("local/open/narrow|", 1L);
    }

    @Test
    void tokensAreChargedOnceTheLogHasMeasuredThem() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(Map.of("id", "t", "count", "tokens", "limit", 100, "window", 3600)),
                null, 0);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        var exchange = harness.reached.get(0);
        assertThat(counters.counts).containsEntry("local/open/t|", 0L);
        exchange.settlement().measured(Optional.of(TokenUsage.reported(60, 50)), Cost.ZERO);
        exchange.settlement().measured(Optional.of(TokenUsage.reported(60, 50)), Cost.ZERO);
        assertThat(counters.counts).as("charged once").containsEntry("local/open/t|", 110L);
        RateLimitedException limited = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(), on(gateway, Map.of()), stage)));
        assertThat(limited.getMessage()).contains("rule 't' (tokens limit 100 per 3600s, fixed)");
    }

    @Test
    void aConcurrencySlotIsHeldUntilTheAnswerEnds() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(Map.of("id", "one", "count", "concurrent", "limit", 1)), null, 0);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        refusal(catchThrowable(() -> harness.await(StageHarness.call(), on(gateway, Map.of()), stage)));
        harness.reached.get(0).settlement().ended();
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        assertThat(counters.counts).containsEntry("local/open/one|", 1L);
    }

    @Test
    void spendIsReservedBeforeTheCallAndSettledWithTheRealCost() throws Exception {
        StageHarness harness = refusingWhenTold();
        // $1 per token both ways; the estimate is the prompt's tokens plus the default cap of 1000 output tokens.
        Gateway gateway = gateway(null, Map.of("rules", List.of(Map.of("id", "budget", "limit", 1500, "window", 604800,
                "provider", Map.of("mode", "filter", "values", List.of("openai"))))), 0);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        long reserved = counters.counts.get("local/open/budget|");
        assertThat(BigDecimal.valueOf(reserved, 9)).isGreaterThanOrEqualTo(BigDecimal.valueOf(1000));
        RateLimitedException limited = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(), on(gateway, Map.of()), stage)));
        assertThat(limited.code()).isEqualTo(ErrorCode.SPEND_LIMITED);
        assertThat(limited.getMessage()).startsWith("Spend limit exceeded: rule 'budget' (cost limit 1500 per "
                + "604800s, fixed) for openai gpt-4o-mini");
        // Found by a probe: refused only for the reservation of a call in flight, it was told to come back at the
        // window's end (a week here); it may pass as soon as that call settles.
        assertThat(limited.retryAfterSeconds()).isEqualTo(1);
        harness.reached.get(0).settlement().measured(Optional.of(TokenUsage.reported(10, 20)),
                new Cost(BigDecimal.valueOf(30), false));
        assertThat(counters.counts).containsEntry("local/open/budget|", 30_000_000_000L);
        assertThat(stage.reservations().counters()).isZero();
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        harness.reached.get(harness.reached.size() - 1).settlement().measured(Optional.of(TokenUsage.reported(10, 20)),
                new Cost(BigDecimal.valueOf(1000), false));
        RateLimitedException spent = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(), on(gateway, Map.of()), stage)));
        assertThat(spent.retryAfterSeconds()).as("spent, not reserved: the window's end").isGreaterThan(3600);
    }

    /**
     * A request whose estimate is more than the whole budget was told to come back when the window reset (a week, a
     * month), and was refused again then. It is told that it cannot pass, with no Retry-After, and this rule is named
     * before a rule that only has to reopen.
     */
    @Test
    void aRequestOverTheWholeBudgetIsToldItCanNeverPassNotWhenToComeBack() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(List.of(Map.of("id", "one", "count", "requests", "limit", 1, "window", 3600)),
                Map.of("rules", List.of(Map.of("id", "budget", "limit", 500, "window", 604800))), 0);
        harness.await(StageHarness.call("{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[]}"),
                on(gateway, Map.of()), stage);
        RateLimitedException limited = refusal(catchThrowable(() -> harness.await(StageHarness.call(),
                on(gateway, Map.of()), stage)));
        assertThat(limited.rule()).isEqualTo("budget");
        assertThat(limited.never()).isTrue();
        assertThat(limited.getMessage()).contains("the estimate is more than the whole budget, so the request cannot"
                + " pass this rule at any time");
        Gateway closed = gateway(List.of(Map.of("id", "none", "count", "requests", "limit", 0, "window", 60)), null, 0);
        RateLimitedException nothing = refusal(catchThrowable(() -> harness.await(StageHarness.call(),
                on(closed, Map.of()), stage)));
        assertThat(nothing.never()).isTrue();
        assertThat(nothing.getMessage()).endsWith("; its limit is 0, so it admits nothing");
    }

    /**
     * Found by a probe: a megabyte prompt was tokenized on the request's event loop for its estimate (and a word with no
     * space in it ran the heap out there). A prompt past the bound is estimated from its bytes, as while the tokenizer
     * loads; a shorter one is still counted.
     */
    @Test
    void aLongPromptIsEstimatedFromItsBytesWithoutTheTokenizer() throws Exception {
        List<Integer> tokenized = new ArrayList<>();
        LimitsStage counting = new LimitsStage(counters, new SpendEstimate(prices, (model, text) -> {
            tokenized.add(text.length());
            return text.length() / 4;
        }, RealJson::read, 1000), new ModelLocator(RealJson::read, List.of()), events, clock);
        Gateway gateway = gateway(null, Map.of("rules", List.of(Map.of("id", "budget", "limit", 1_000_000_000,
                "window", 3600))), 0);
        String prompt = "Q".repeat(SpendEstimate.TOKENIZED_AT_MOST + 1);
        new StageHarness().await(StageHarness.call("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + prompt + "\"}]}"), on(gateway, Map.of()), counting);
        assertThat(tokenized).isEmpty();
        // $1 a token both ways: a third of the prompt's bytes in, the default 1,000 out.
        assertThat(counters.counts.get("local/open/budget|"))
                .isEqualTo(((SpendEstimate.TOKENIZED_AT_MOST + 1 + 2) / 3 + 1000) * 1_000_000_000L);
        new StageHarness().await(StageHarness.call("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}]}"), on(gateway, Map.of()), counting);
        assertThat(tokenized).isNotEmpty();
    }

    @Test
    void theEstimateTakesTheLargestOutputCapTheRequestSetsWhicheverTheProviderGoesBy() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(null, Map.of("rules", List.of(Map.of("id", "budget", "limit", 1_000_000_000,
                "window", 3600))), 0);
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        Map<String, Long> outputs = new LinkedHashMap<>();
        outputs.put("\"max_tokens\":1,\"max_completion_tokens\":50000", 50_000L);
        outputs.put("\"max_completion_tokens\":1,\"max_tokens\":40000", 40_000L);
        outputs.put("\"generationConfig\":{\"maxOutputTokens\":7000}", 7_000L);
        outputs.put("\"reasoning_effort\":\"high\"", 1_000L + SpendEstimate.LARGEST_THINKING_BUDGET);
        outputs.put("\"max_tokens\":-5", 1_000L);
        for (Map.Entry<String, Long> output : outputs.entrySet()) {
            long before = counters.counts.getOrDefault("local/open/budget|", 0L);
            harness.await(StageHarness.call("{\"model\":\"gpt-4o-mini\"," + output.getKey() + "," + messages + "}"),
                    on(gateway, Map.of()), stage);
            long reservedTokens = (counters.counts.get("local/open/budget|") - before) / 1_000_000_000L;
            assertThat(reservedTokens).as(output.getKey()).isBetween(output.getValue(), output.getValue() + 20);
        }
    }

    @Test
    void aRequestThatCostsNothingIsNotHeldBackByASpentBudget() throws Exception {
        StageHarness harness = refusingWhenTold();
        Gateway gateway = gateway(null, Map.of("rules", List.of(Map.of("id", "budget", "limit", 1000, "window", 3600))), 0);
        harness.await(StageHarness.call(), on(gateway, Map.of()), stage);
        assertThat(refusal(catchThrowable(() -> harness.await(StageHarness.call(), on(gateway, Map.of()), stage)))
                .code()).as("the budget is spent").isEqualTo(ErrorCode.SPEND_LIMITED);
        harness.await(StageHarness.call("{\"model\":\"no-price-known\",\"messages\":[]}"), on(gateway, Map.of()),
                stage);
        assertThat(harness.reached.get(2).upstreamRefusal()).as("a model without a price costs nothing").isEmpty();
        long spent = counters.counts.get("local/open/budget|");
        harness.reached.get(2).settlement().measured(Optional.empty(), new Cost(BigDecimal.valueOf(2), false));
        assertThat(counters.counts.get("local/open/budget|")).as("but a cost its answer revealed is charged")
                .isEqualTo(spent + 2_000_000_000L);
    }

    @Test
    void anUnreachableStoreLetsTheRequestThroughOrRefusesItAsEachRuleSays() throws Exception {
        StageHarness harness = refusingWhenTold();
        counters.unreachable = true;
        Gateway allow = gateway(List.of(Map.of("id", "a", "count", "requests", "limit", 1, "window", 60)), null, 0);
        harness.await(StageHarness.call(), on(allow, Map.of()), stage);
        Gateway deny = gateway(List.of(Map.of("id", "d", "count", "requests", "limit", 1, "window", 60,
                "on_store_failure", "deny")), null, 0);
        RateLimitedException limited = refusal(catchThrowable(() ->
                harness.await(StageHarness.call(), on(deny, Map.of()), stage)));
        assertThat(limited.getMessage()).contains("cannot be reached");
        assertThat(storeFailures).containsExactly("a:allow", "d:deny");
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }
}
