package dev.sluice.adapters.http.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.sluice.adapters.http.error.FrameworkMessages;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ChatStreamEncoder;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.chat.EmbeddingResult;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.BodyExcerpt;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The unified API's client format, OpenAI's chat completions and embeddings: requests read into the
 * domain's model, answers, streams and errors written back in OpenAI's shapes. Reading the model and
 * rewriting it stream the body's top level only, so a pass-through never builds the request.
 */
public final class OpenAiChatSurface implements ChatSurface {

    private static final JsonFactory TOKENS = new JsonFactory();
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);
    private static final String NOTHING_AFTER = "must be one JSON object, with nothing after it";

    private final JsonMapper json;
    private final Clock clock;
    private final OpenAiChatReader chats = new OpenAiChatReader();
    private final OpenAiEmbeddingReader embeddings = new OpenAiEmbeddingReader();
    private final OpenAiChatWriter writer = new OpenAiChatWriter();

    public OpenAiChatSurface(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String model(byte[] body) {
        ModelField field = modelField(body, true);
        return field.value();
    }

    @Override
    public byte[] withModel(byte[] body, String model) {
        // The body's one model was found by model(), which read it whole: the first is the one.
        ModelField field = modelField(body, false);
        byte[] quoted = quoted(model);
        byte[] rewritten = new byte[body.length - (field.end() - field.start()) + quoted.length];
        System.arraycopy(body, 0, rewritten, 0, field.start());
        System.arraycopy(quoted, 0, rewritten, field.start(), quoted.length);
        System.arraycopy(body, field.end(), rewritten, field.start() + quoted.length, body.length - field.end());
        return rewritten;
    }

    @Override
    public ChatRequest chatRequest(byte[] body) {
        return chats.read(object(body));
    }

    @Override
    public byte[] chatResult(ChatResult result) {
        return writer.chatResult(result);
    }

    @Override
    public ChatStreamEncoder chatStream(ChatRequest request) {
        return new OpenAiChunkWriter("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""), request.model(),
                clock.instant().getEpochSecond(), request.includeUsage());
    }

    @Override
    public byte[] error(ProviderError error) {
        return writer.error(error);
    }

    @Override
    public byte[] passedError(int status, byte[] body) {
        Map<String, Object> read;
        try {
            read = json.readValue(body, OBJECT);
        } catch (IOException | RuntimeException notJson) {
            read = null;
        }
        String type = ProviderError.typeFor(status);
        if (read != null && read.get("error") instanceof Map<?, ?>) {
            return body;
        }
        if (read != null && read.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof Map<?, ?> first && first.get("message") instanceof String message) {
            return error(new ProviderError(type, message, Optional.ofNullable(first.get("code")).map(String::valueOf)));
        }
        for (String field : List.of("error", "message", "detail")) {
            if (read != null && read.get(field) instanceof String message && !message.isBlank()) {
                return error(new ProviderError(type, message, Optional.empty()));
            }
        }
        String text = BodyExcerpt.of(body, 300);
        return error(new ProviderError(type, text.isEmpty() ? "The provider answered " + status + " with no body" : text,
                Optional.empty()));
    }

    @Override
    public ChatStreamDecoder passedStream() {
        return new OpenAiStreamWatch();
    }

    @Override
    public byte[] streamFailure(ProviderError error) {
        return OpenAiChunkWriter.failure(error);
    }

    @Override
    public EmbeddingRequest embeddingRequest(byte[] body) {
        return embeddings.read(object(body));
    }

    @Override
    public byte[] embeddingResult(EmbeddingResult result, EmbeddingRequest request) {
        return writer.embeddingResult(result, request.base64());
    }

    @Override
    public byte[] models(List<String> ids, long created) {
        return writer.models(ids, created);
    }

    private Map<String, Object> object(byte[] body) {
        Map<String, Object> value;
        try {
            value = json.readValue(body, OBJECT);
        } catch (IOException | RuntimeException e) {
            throw invalidBody("must be one JSON object");
        }
        if (value == null) {
            throw invalidBody("must be one JSON object");
        }
        return value;
    }

    /**
     * The body's {@code model} field: where its string token starts and ends (its quotes included), and its value. Read
     * {@code whole}, the object is read to its end: a model given twice is refused (the gateway would route, limit and
     * price by one while the provider, reading the other, answered), as is anything after the object. Otherwise it is
     * read only as far as the model, for a body already read whole.
     */
    private static ModelField modelField(byte[] body, boolean whole) {
        ModelField found = null;
        boolean read = false;
        try (JsonParser parser = TOKENS.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalidBody("must be one JSON object");
            }
            while ((whole || found == null) && parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean model = "model".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!model) {
                    parser.skipChildren();
                } else if (found != null) {
                    throw Fields.invalid("model", "is given more than once");
                } else if (value != JsonToken.VALUE_STRING) {
                    throw Fields.invalid("model", "must be a string, written {provider}/{model}");
                } else {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    String text = parser.getText();
                    found = new ModelField(start, (int) parser.currentLocation().getByteOffset(), text);
                }
            }
            read = true;
            if (whole && parser.nextToken() != null) {
                throw invalidBody(NOTHING_AFTER);
            }
        } catch (IOException e) {
            throw invalidBody(read ? NOTHING_AFTER : "is not valid JSON" + (e instanceof JsonProcessingException problem
                    ? ": " + FrameworkMessages.plain(problem.getOriginalMessage()) : ""));
        }
        if (found == null) {
            throw Fields.invalid("model", "is required, written {provider}/{model}");
        }
        return found;
    }

    private static byte[] quoted(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static GatewayException invalidBody(String problem) {
        return new GatewayException(ErrorCode.INVALID_BODY, "The request body " + problem);
    }

    private record ModelField(int start, int end, String value) {
    }
}
