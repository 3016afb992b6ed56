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
                "sluice.pricing.custom-local.my-model.cache-read", "0",
                "sluice.pricing.custom-local.my-model.cache-write-1h", "2"))) {
            PriceTable table = context.getBean(PriceTable.class);
            assertThat(table.find("openai", "gpt-4o-2024-08-06")).contains(new ModelPrice(new BigDecimal("2.00"),
                    new BigDecimal("8.00"), Optional.empty(), Optional.empty()));
            assertThat(table.find("custom-local", "my-model")).contains(new ModelPrice(BigDecimal.ZERO,
                    new BigDecimal("0.5"), Optional.of(BigDecimal.ZERO), Optional.empty(), Optional.of(new BigDecimal("2"))));
            assertThat(table.find("anthropic", "claude-sonnet-4-20250514")).isPresent();
            assertThat(table.find("workers-ai", "@cf/meta/llama-3.1-8b-instruct-fast")).isPresent();
            Map.of("google-ai-studio", "gemini-2.5-flash", "groq", "llama-3.3-70b-versatile",
                    "mistral", "mistral-large-latest", "deepseek", "deepseek-chat", "cohere", "command-r-plus")
                    .forEach((provider, model) -> assertThat(table.find(provider, model)).as(provider).isPresent());
            assertThat(table.find("openai", "no-such-model")).isEmpty();
            // Found by a probe: priced as the model whose name theirs starts with, at three times or a third the price.
            assertThat(table.find("anthropic", "claude-opus-4-5-20251101").orElseThrow().inputPerMillion())
                    .isEqualByComparingTo("5.00");
            assertThat(table.find("google-ai-studio", "gemini-2.5-flash-lite").orElseThrow().inputPerMillion())
                    .isEqualByComparingTo("0.10");
            assertThat(table.find("workers-ai", "@cf/meta/llama-3.1-8b-instruct-awq")).isEmpty();
            ModelPrice sonnet = table.find("anthropic", "claude-sonnet-4").orElseThrow();
            assertThat(Cost.of(new TokenUsage(2_120, 12, 2_000, 100, false), sonnet).usd())
                    .as("20 × 3e-6 + 2000 × 0.3e-6 + 100 × 3.75e-6 + 12 × 15e-6")
                    .isEqualByComparingTo("0.001215");
            assertThat(Cost.of(new TokenUsage(2_120, 12, 2_000, 100, 100, false), sonnet).usd())
                    .as("the 100 written to the one-hour cache at 6.00 a million, twice the input's price")
                    .isEqualByComparingTo("0.00144");
        }
    }

    /**
     * Bedrock, Vertex AI and Azure OpenAI are priced under the names their model locators give: Bedrock's model id
     * with its cross-region prefix, Vertex's publisher model with its {@code @version}, Azure's deployment named after
     * its model. What the table cannot price without guessing has no row (a regional Claude 4.5 profile on Bedrock,
     * Gemini on Vertex), rather than a neighbour's price found by prefix.
     */
    @Test
    void bedrockVertexAndAzureModelsArePricedUnderTheNamesTheirLocatorsGive() {
        try (ApplicationContext context = ApplicationContext.run(Map.of())) {
            PriceTable table = context.getBean(PriceTable.class);
            ModelPrice sonnet = new ModelPrice(new BigDecimal("3.00"), new BigDecimal("15.00"),
                    Optional.of(new BigDecimal("0.30")), Optional.of(new BigDecimal("3.75")));
            assertThat(table.find("aws-bedrock", "anthropic.claude-3-haiku-20240307-v1:0")).isPresent();
            assertThat(table.find("aws-bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0")).contains(sonnet);
            assertThat(table.find("aws-bedrock", "eu.anthropic.claude-sonnet-4-20250514-v1:0")).contains(sonnet);
            assertThat(table.find("aws-bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0")).contains(sonnet);
            assertThat(table.find("aws-bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
                    .as("a regional 4.5 profile costs more than the global one: not priced as Sonnet 4").isEmpty();
            assertThat(table.find("aws-bedrock", "us.anthropic.claude-opus-4-5-20251101-v1:0")).isEmpty();
            assertThat(table.find("aws-bedrock", "us.anthropic.claude-opus-4-1-20250805-v1:0").orElseThrow().inputPerMillion())
                    .isEqualByComparingTo("15.00");
            assertThat(table.find("aws-bedrock", "amazon.nova-pro-v1:0").orElseThrow().outputPerMillion())
                    .isEqualByComparingTo("3.20");
            assertThat(table.find("aws-bedrock", "eu.amazon.nova-micro-v1:0").orElseThrow().inputPerMillion())
                    .isEqualByComparingTo("0.035");

            assertThat(table.find("google-vertex-ai", "claude-sonnet-4@20250514")).contains(sonnet);
            assertThat(table.find("google-vertex-ai", "claude-opus-4-1@20250805").orElseThrow().inputPerMillion())
                    .isEqualByComparingTo("15.00");
            assertThat(table.find("google-vertex-ai", "claude-opus-4-5@20251101").orElseThrow().inputPerMillion())
                    .as("Opus 4.5, not Opus 4 by prefix").isEqualByComparingTo("5.00");
            assertThat(table.find("google-vertex-ai", "gemini-2.5-flash")).isEmpty();

            assertThat(table.find("azure-openai", "gpt-4o-2024-08-06").orElseThrow().inputPerMillion()).isEqualByComparingTo("2.50");
            assertThat(table.find("azure-openai", "gpt-4o-mini").orElseThrow().cacheReadPerMillion())
                    .contains(new BigDecimal("0.075"));
            assertThat(Cost.of(new TokenUsage(1_000, 100, 0, 0, false),
                    table.find("azure-openai", "gpt-4.1").orElseThrow()).usd()).isEqualByComparingTo("0.0028");
        }
    }
}
