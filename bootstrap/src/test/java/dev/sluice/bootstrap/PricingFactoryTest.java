package dev.sluice.bootstrap;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.cost.ModelPrice;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.usage.TokenUsage;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PricingFactoryTest {

    @Test
    void theBuiltInTableCoversTheMainProvidersAndConfigurationWins() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.pricing.openai.gpt-4o.input", "2.00",
                "sluice.pricing.openai.gpt-4o.output", "8.00",
                "sluice.pricing.custom-local.my-model.input", "0",
                "sluice.pricing.custom-local.my-model.output", "0.5",
                "sluice.pricing.custom-local.my-model.cache-read", "0"))) {
            PriceTable table = context.getBean(PriceTable.class);
            assertThat(table.find("openai", "gpt-4o-2024-08-06")).contains(new ModelPrice(new BigDecimal("2.00"),
                    new BigDecimal("8.00"), Optional.empty(), Optional.empty()));
            assertThat(table.find("custom-local", "my-model")).isPresent();
            assertThat(table.find("anthropic", "claude-sonnet-4-20250514")).isPresent();
            assertThat(table.find("workers-ai", "@cf/meta/llama-3.1-8b-instruct-fast")).isPresent();
            Map.of("google-ai-studio", "gemini-2.5-flash", "groq", "llama-3.3-70b-versatile",
                    "mistral", "mistral-large-latest", "deepseek", "deepseek-chat", "cohere", "command-r-plus")
                    .forEach((provider, model) -> assertThat(table.find(provider, model)).as(provider).isPresent());
            assertThat(table.find("openai", "no-such-model")).isEmpty();
            ModelPrice sonnet = table.find("anthropic", "claude-sonnet-4").orElseThrow();
            assertThat(Cost.of(new TokenUsage(2_120, 12, 2_000, 100, false), sonnet).usd())
                    .as("20 × 3e-6 + 2000 × 0.3e-6 + 100 × 3.75e-6 + 12 × 15e-6")
                    .isEqualByComparingTo("0.001215");
        }
    }
}
