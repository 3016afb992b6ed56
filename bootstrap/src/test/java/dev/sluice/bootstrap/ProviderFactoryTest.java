package dev.sluice.bootstrap;

import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageReader;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderFactoryTest {

    @Test
    void customProvidersComeFromTheirEnvironmentVariables() {
        assertThat(ProviderFactory.customProvidersFromEnvironment(Map.of(
                "SLUICE_PROVIDERS_CUSTOM_MY_LLM_BASE_URL", "http://127.0.0.1:8000/v1",
                "SLUICE_PROVIDERS_OPENAI_BASE_URL", "http://elsewhere",
                "PATH", "/usr/bin")))
                .containsExactly(Map.entry("custom-my-llm", "http://127.0.0.1:8000/v1"));
    }

    @Test
    void aMalformedCustomNameIsAStartupErrorThatSaysWhy() {
        assertThatThrownBy(() -> ProviderFactory.customProvidersFromEnvironment(
                Map.of("SLUICE_PROVIDERS_CUSTOM__BAD_BASE_URL", "http://x")))
                .hasMessageContaining("custom-{slug}");
    }

    private static final ProviderFactory.Profiles PROFILES = new ProviderFactory.Profiles(
            ProviderFactory.profiles(Optional.of("acct")));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyProviderSluiceKnowsIsInTheCatalogOnce() {
        ProviderCatalog catalog = ProviderCatalog.of(PROFILES.all(), Map.of());
        assertThat(catalog.all()).extracting(provider -> provider.slug().value()).containsExactly(
                "openai", "anthropic", "workers-ai", "azure-openai", "google-ai-studio", "google-vertex-ai",
                "aws-bedrock", "groq", "mistral", "cohere",
                "deepseek", "perplexity-ai", "openrouter", "cerebras", "grok", "huggingface", "replicate", "fireworks",
                "elevenlabs", "cartesia", "ideogram", "fal", "mock");
        assertThat(catalog.find("mock")).get().extracting(Provider::inProcess).isEqualTo(true);
    }

    /** Groq's SDK, its base URL at the gateway's {@code …/groq}, sends {@code openai/v1/chat/completions}. */
    @Test
    void groqTakesThePathItsSdkSendsAndOneWithoutItsPrefix() {
        Provider groq = ProviderCatalog.of(PROFILES.all(), Map.of()).find("groq").orElseThrow();
        assertThat(groq.resolve("openai/v1/chat/completions", null).toString())
                .isEqualTo("https://api.groq.com/openai/v1/chat/completions");
        assertThat(groq.resolve("v1/chat/completions", null).toString())
                .isEqualTo("https://api.groq.com/openai/v1/chat/completions");
        assertThat(groq.resolve("chat/completions", null).toString())
                .isEqualTo("https://api.groq.com/openai/v1/chat/completions");
    }

    @Test
    void theComposedUsageReaderReadsEveryProvidersFormatAsItsOwnPackageDoes() {
        UsageReader usage = new ProviderFactory().usageReader(PROFILES, ObjectMapper.getDefault());
        assertThat(usage.read(bytes("{\"usage\":{\"input_tokens\":20,\"cache_creation_input_tokens\":100,"
                + "\"cache_read_input_tokens\":2000,\"output_tokens\":12}}")))
                .contains(new TokenUsage(2120, 12, 2000, 100, false));
        assertThat(usage.read(bytes("{\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":6},"
                + "\"output_tokens\":87}}"))).contains(new TokenUsage(36, 87, 6, 0, false));
        assertThat(usage.read(bytes("{\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":10},"
                + "\"tokens\":{\"input_tokens\":71,\"output_tokens\":10}}}"))).contains(TokenUsage.reported(5, 10));
        assertThat(usage.read(bytes("{\"result\":{\"response\":\"Hi\",\"usage\":{\"prompt_tokens\":18,"
                + "\"completion_tokens\":4}},\"success\":true}"))).contains(TokenUsage.reported(18, 4));
        assertThat(usage.read(bytes("{\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":3,"
                + "\"cachedContentTokenCount\":4}}"))).contains(new TokenUsage(8, 3, 4, 0, false));
        // Gemini's streamGenerateContent without alt=sse: its chunks in one array.
        assertThat(usage.read(bytes("[{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}],\n"
                + "  \"usageMetadata\": {\"promptTokenCount\": 100, \"candidatesTokenCount\": 5}\n}\n,\r\n{\n"
                + "  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"!\"}]}, \"finishReason\": \"STOP\"}],\n"
                + "  \"usageMetadata\": {\"promptTokenCount\": 100, \"candidatesTokenCount\": 20, \"thoughtsTokenCount\": 50,"
                + " \"cachedContentTokenCount\": 40}\n}\n]"))).contains(new TokenUsage(100, 70, 40, 0, false));
        assertThat(usage.read(bytes("{\"usage\":{\"inputTokens\":30,\"outputTokens\":12,\"totalTokens\":42}}")))
                .contains(TokenUsage.reported(30, 12));
        assertThat(usage.read(eventStreamMessage("{\"usage\":{\"inputTokens\":9,\"outputTokens\":2}}")))
                .contains(TokenUsage.reported(9, 2));
    }

    /** One message of AWS's binary event stream, as Bedrock's converse-stream sends its metadata event (no headers). */
    private static byte[] eventStreamMessage(String json) {
        byte[] payload = bytes(json);
        java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate(16 + payload.length);
        message.putInt(16 + payload.length).putInt(0).putInt(crc(message.array(), 8)).put(payload);
        message.putInt(crc(message.array(), 12 + payload.length));
        return message.array();
    }

    private static int crc(byte[] bytes, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    @Test
    void theComposedModelLocatorReadsEveryProvidersPath() {
        ModelLocator models = new ProviderFactory().modelLocator(PROFILES, ObjectMapper.getDefault());
        byte[] none = bytes("{}");
        assertThat(models.locate("client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct", none, none))
                .isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(models.locate("v1beta/models/gemini-2.0-flash:generateContent", none, none)).isEqualTo("gemini-2.0-flash");
        assertThat(models.locate("openai/deployments/my-gpt/chat/completions", none, none)).isEqualTo("my-gpt");
        assertThat(models.locate("azure-openai", "my-res/my-gpt/chat/completions", none, none)).isEqualTo("my-gpt");
        assertThat(models.locate("openai", "v1/chat/completions", none, none)).isEmpty();
        assertThat(models.locate("aws-bedrock", "bedrock-runtime/us-east-1/model/amazon.nova-lite-v1%3A0/converse",
                none, none)).isEqualTo("amazon.nova-lite-v1:0");
        assertThat(models.locate("google-vertex-ai",
                "v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent", none, none))
                .isEqualTo("gemini-2.0-flash");
        assertThat(models.locate("v1/models/black-forest-labs/flux-schnell/predictions", none, none))
                .isEqualTo("black-forest-labs/flux-schnell");
    }
}
