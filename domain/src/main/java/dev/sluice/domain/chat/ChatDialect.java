package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * How one provider speaks chat (and embeddings), as the unified API needs to know it. Either the
 * provider speaks OpenAI's chat format already, and a request passes through with only its model
 * rewritten and its answer untouched ({@link OpenAiCompatible}); or the provider has its own format and
 * its dialect maps it to and from the domain's chat model ({@link Translating}). A provider's dialect
 * lives in its adapter package and is offered by its {@link dev.sluice.domain.provider.ProviderProfile}.
 */
public sealed interface ChatDialect permits ChatDialect.OpenAiCompatible, ChatDialect.Translating {

    /**
     * A provider that speaks OpenAI's chat completions and embeddings at these paths under its base URL
     * ({@code embeddingsPath} empty when it has no embeddings).
     */
    record OpenAiCompatible(String chatPath, Optional<String> embeddingsPath) implements ChatDialect {
        public OpenAiCompatible {
            Objects.requireNonNull(chatPath, "chatPath");
            Objects.requireNonNull(embeddingsPath, "embeddingsPath");
        }

        public static OpenAiCompatible at(String chatPath, String embeddingsPath) {
            return new OpenAiCompatible(chatPath, Optional.of(embeddingsPath));
        }
    }

    /** A provider with a chat format of its own. */
    non-sealed interface Translating extends ChatDialect {

        /**
         * The provider's own name for a model a client named {@code requested} (Gemini's {@code models/gemini-2.0-flash}
         * is {@code gemini-2.0-flash}), the name the call is priced, limited and logged under. As given by default.
         */
        default String modelName(String requested) {
            return requested;
        }

        /**
         * The provider's request for a chat request whose model is already the provider's name for it.
         * {@code forwarded} are the client's headers less the gateway's: the dialect moves the client's
         * {@code Authorization: Bearer} key to where the provider reads it and adds what it requires.
         *
         * @throws dev.sluice.domain.error.GatewayException (400) when the request asks for what the
         *                                                  provider cannot do, naming the field
         */
        ProviderRequest chatRequest(ChatRequest request, dev.sluice.domain.header.Headers forwarded);

        /** @throws IllegalArgumentException when the body is not the provider's answer */
        ChatResult chatResult(byte[] body);

        /** A reader for one streamed answer to {@code request}. */
        ChatStreamDecoder chatStream(ChatRequest request);

        /** The provider's error answer, read as well as it can be (any body yields an error). */
        ProviderError error(int status, byte[] body);

        /** How the provider embeds texts, if it does. */
        default Optional<EmbeddingDialect> embeddings() {
            return Optional.empty();
        }
    }
}
