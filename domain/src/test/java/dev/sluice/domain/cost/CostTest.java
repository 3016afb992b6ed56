package dev.sluice.domain.cost;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostTest {

    private static final PriceTable TABLE = new PriceTable(Map.of("openai", Map.of(
            "gpt-4o", new ModelPrice(new BigDecimal("2.50"), new BigDecimal("10.00"),
                    Optional.of(new BigDecimal("1.25")), Optional.empty()),
            "gpt-4o-mini", ModelPrice.of("0.15", "0.60"))));

    private static CustomCost custom(String json) {
        return CustomCost.parse(json, dev.sluice.domain.usage.MiniJsonAccess::parseObject);
    }

    @Test
    void pricesAreExactDecimalsPerMillionTokensWithCachedInputAtItsOwnRate() {
        TokenUsage usage = new TokenUsage(1_200, 15, 1_024, 0, false);
        Cost cost = Cost.of(usage, TABLE.find("openai", "gpt-4o").orElseThrow());
        // 176 × 2.50e-6 + 1024 × 1.25e-6 + 15 × 10e-6 = 0.00044 + 0.00128 + 0.00015
        assertThat(cost.usd()).isEqualByComparingTo("0.00187");
        assertThat(cost.custom()).isFalse();
        assertThat(Cost.of(TokenUsage.reported(1_000_000, 1_000_000), ModelPrice.of("0.15", "0.60")).usd())
                .isEqualByComparingTo("0.75");
    }

    @Test
    void writesToTheOneHourCacheArePricedAtTheirOwnRateElseAsOtherWrites() {
        // Claude Sonnet 4.5: input 3.00, 5-minute writes 3.75, one-hour writes 6.00, reads 0.30 per million.
        ModelPrice sonnet = new ModelPrice(new BigDecimal("3.00"), new BigDecimal("15.00"),
                Optional.of(new BigDecimal("0.30")), Optional.of(new BigDecimal("3.75")),
                Optional.of(new BigDecimal("6.00")));
        TokenUsage usage = new TokenUsage(1_000_000 + 100_000 + 200_000 + 300_000, 0, 100_000, 500_000, 300_000, false);
        // 1,000,000 × 3.00 + 100,000 × 0.30 + 200,000 × 3.75 + 300,000 × 6.00, per million
        assertThat(Cost.of(usage, sonnet).usd()).isEqualByComparingTo("5.58");
        ModelPrice noLongRate = new ModelPrice(new BigDecimal("3.00"), new BigDecimal("15.00"),
                Optional.of(new BigDecimal("0.30")), Optional.of(new BigDecimal("3.75")));
        assertThat(Cost.of(usage, noLongRate).usd()).isEqualByComparingTo("4.905");
        // A caller's per_cache_write_token prices both kinds of write.
        assertThat(custom("{\"per_token_in\":0.000003,\"per_token_out\":0,\"per_cache_read_token\":0.0000003,"
                + "\"per_cache_write_token\":0.00000375}").cost(usage).usd()).isEqualByComparingTo("4.905");
        // The one-hour part cannot be more than the writes it is part of.
        assertThat(new TokenUsage(10, 0, 0, 5, 9, false).longCacheWrite()).isEqualTo(5);
    }

    @Test
    void datedModelsFindTheirFamilyButNotAShorterSibling() {
        assertThat(TABLE.find("openai", "gpt-4o-2024-08-06")).isEqualTo(TABLE.find("openai", "gpt-4o"));
        assertThat(TABLE.find("openai", "gpt-4o-mini-2024-07-18")).isEqualTo(TABLE.find("openai", "gpt-4o-mini"));
        assertThat(TABLE.find("openai", "gpt-4")).isEmpty();
        assertThat(TABLE.find("openai", "gpt-4oX")).isEmpty();
        // A snapshot finds its family; another model that starts with its name does not.
        assertThat(TABLE.find("openai", "gpt-4o-0613")).isEqualTo(TABLE.find("openai", "gpt-4o"));
        assertThat(TABLE.find("openai", "gpt-4o-latest")).isEqualTo(TABLE.find("openai", "gpt-4o"));
        assertThat(TABLE.find("openai", "gpt-4o@20240806")).isEqualTo(TABLE.find("openai", "gpt-4o"));
        assertThat(TABLE.find("openai", "gpt-4o-v2:0")).isEqualTo(TABLE.find("openai", "gpt-4o"));
        assertThat(TABLE.find("openai", "gpt-4o-audio-preview")).isEmpty();
        assertThat(TABLE.find("openai", "gpt-4o-5-20251101")).isEmpty();
        assertThat(TABLE.find("openai", "gpt-4o-mini-awq")).isEmpty();
        assertThat(TABLE.find("anthropic", "gpt-4o")).isEmpty();
        assertThat(TABLE.with(Map.of("openai", Map.of("gpt-4o", ModelPrice.of("1", "2")))).find("openai", "gpt-4o"))
                .contains(ModelPrice.of("1", "2"));
    }

    @Test
    void customCostPerTokenOrTotalWins() {
        TokenUsage usage = new TokenUsage(100, 10, 40, 0, false);
        Cost perToken = custom("{\"per_token_in\":0.000001,\"per_token_out\":0.000002,\"per_cache_read_token\":0.0000005}")
                .cost(usage);
        // 60 plain × 1e-6 + 40 cached × 5e-7 + 10 out × 2e-6
        assertThat(perToken.usd()).isEqualByComparingTo("0.0001");
        assertThat(perToken.custom()).isTrue();
        assertThat(custom("{\"per_token_in\":0.000001,\"per_token_out\":0.000002}").cost(usage).usd())
                .as("an omitted cache rate is the input rate").isEqualByComparingTo("0.00012");
        assertThat(custom("{\"total_cost\":0.05}").cost(usage).usd()).isEqualByComparingTo("0.05");
    }

    @Test
    void badCustomCostsAreClearHeaderErrors() {
        for (String bad : new String[] {"nope", "[]", "{}", "{\"total_cost\":-1}", "{\"total_cost\":\"1\"}",
                "{\"total_cost\":1,\"per_token_in\":1}", "{\"per_token_in\":1,\"price\":2}",
                "{\"total_cost\":1000000.01}", "{\"total_cost\":1e308}", "{\"per_token_in\":1,\"per_token_out\":2e6}"}) {
            assertThatThrownBy(() -> custom(bad)).as(bad).isInstanceOfSatisfying(GatewayException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
                assertThat(e.getMessage()).startsWith("cf-aig-custom-cost");
            });
        }
    }

    @Test
    void oneExchangeCostsAtMostAMillionDollarsSoTheStoresSumsStayExact() {
        assertThat(custom("{\"total_cost\":1000000}").cost(new TokenUsage(1, 1, 0, 0, false)).usd())
                .isEqualByComparingTo("1000000");
        Cost priced = custom("{\"per_token_in\":1000000,\"per_token_out\":1000000}")
                .cost(new TokenUsage(1_000_000, 1_000_000, 0, 0, false));
        assertThat(priced.usd()).as("a million dollars a token, times a million tokens").isEqualByComparingTo("1000000");
    }
}
