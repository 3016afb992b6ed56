package dev.sluice.domain.usage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The order the model is looked for in; each provider's path location is tested in its package. */
class ModelLocatorTest {

    private final ModelLocator models = new ModelLocator(MiniJsonAccess::parseObject,
            List.of(ModelLocation.pattern("(?:^|/)run/(@?[^?]+)"), ModelLocation.pattern("(?:^|/)deployments/([^/?]+)")));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theModelComesFromTheBodyThenThePathThenTheAnswer() {
        assertThat(models.locate("v1/chat/completions", bytes("{\"model\":\"gpt-4o\"}"), bytes("{}"))).isEqualTo("gpt-4o");
        assertThat(models.locate("run/@cf/x", bytes("{\"model\":\"in-body\"}"), bytes("{}"))).isEqualTo("in-body");
        assertThat(models.locate("client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct", bytes("{\"prompt\":\"x\"}"),
                new byte[0])).isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(models.locate("openai/deployments/my-gpt/chat/completions", bytes("{}"), new byte[0])).isEqualTo("my-gpt");
        assertThat(models.locate("v1/embeddings", bytes("not json"), bytes("{\"model\":\"text-embedding-3-small\"}")))
                .isEqualTo("text-embedding-3-small");
        assertThat(models.locate("v1/audio", new byte[] {(byte) 0xff, 1, 2}, new byte[0])).isEmpty();
    }

    @Test
    void withoutLocationsNoPathIsRead() {
        assertThat(new ModelLocator(MiniJsonAccess::parseObject, List.of()).locate("run/@cf/x", bytes("{}"), bytes("{}"))).isEmpty();
    }

    @Test
    void aVeryLongModelNameIsCut() {
        assertThat(models.locate("x", bytes("{\"model\":\"" + "m".repeat(300) + "\"}"), new byte[0])).hasSize(256);
    }

    @Test
    void aProvidersOwnLocationsAreReadOnItsPathsOnlyAndFirst() {
        ModelLocator scoped = new ModelLocator(MiniJsonAccess::parseObject,
                List.of(ModelLocation.pattern("(?:^|/)deployments/([^/?]+)")),
                java.util.Map.of("azure-openai", List.of(ModelLocation.pattern("^/*[^/]+/([^/?]+)/"))));
        assertThat(scoped.locate("azure-openai", "my-res/my-gpt/chat/completions", bytes("{}"), new byte[0]))
                .isEqualTo("my-gpt");
        assertThat(scoped.locate("openai", "v1/chat/completions", bytes("{}"), new byte[0])).isEmpty();
        assertThat(scoped.locate("openai", "openai/deployments/d/chat", bytes("{}"), new byte[0])).isEqualTo("d");
        assertThat(scoped.locate("azure-openai", "r/d/chat", bytes("{\"model\":\"in-body\"}"), new byte[0]))
                .isEqualTo("in-body");
    }
}
