package dev.sluice.adapters.http.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamEncoder;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.usage.TokenUsage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Writes one streamed answer as OpenAI's {@code chat.completion.chunk} events: the assistant's role
 * first, then each piece of text, reasoning ({@code reasoning_content}), content signature ({@code extra_content}) or
 * tool call as its own chunk,
 * the finish reason, with {@code stream_options.include_usage} a last chunk carrying the usage, and
 * {@code data: [DONE]}. An error is written as OpenAI writes one into a stream, {@code data: {"error":…}}.
 */
final class OpenAiChunkWriter implements ChatStreamEncoder {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];

    private final boolean includeUsage;
    private final long created;
    private final BitSet announced = new BitSet();
    private String id;
    private String model;
    private TokenUsage usage;

    OpenAiChunkWriter(String id, String model, long created, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public byte[] write(ChatEvent event) {
        if (event instanceof ChatEvent.Started started) {
            id = started.id().isEmpty() ? id : started.id();
            model = started.model().isEmpty() ? model : started.model();
            return announce(0, NOTHING);
        }
        if (event instanceof ChatEvent.TextDelta text) {
            return announce(text.choice(), chunk(text.choice(), json -> json.writeStringField("content", text.text()),
                    null));
        }
        if (event instanceof ChatEvent.ReasoningDelta reasoning) {
            return announce(reasoning.choice(), chunk(reasoning.choice(),
                    json -> json.writeStringField("reasoning_content", reasoning.text()), null));
        }
        if (event instanceof ChatEvent.ThinkingBlockDone done) {
            // Each thinking_blocks item of a stream is one whole block, its text repeated with the signature.
            return announce(done.choice(), chunk(done.choice(), json -> {
                json.writeArrayFieldStart("thinking_blocks");
                OpenAiChatWriter.thinkingBlock(json, done.block());
                json.writeEndArray();
            }, null));
        }
        if (event instanceof ChatEvent.ContentSignature signed) {
            return announce(signed.choice(), chunk(signed.choice(),
                    json -> OpenAiChatWriter.signature(json, signed.signature()), null));
        }
        if (event instanceof ChatEvent.ToolCallDelta call) {
            return announce(call.choice(), chunk(call.choice(), json -> toolCall(json, call), null));
        }
        if (event instanceof ChatEvent.Finished finished) {
            return announce(finished.choice(), chunk(finished.choice(), json -> { }, finished.reason().wire()));
        }
        if (event instanceof ChatEvent.Usage reported) {
            usage = reported.usage();
            return NOTHING;
        }
        ChatEvent.Failed failed = (ChatEvent.Failed) event;
        return fail(new ProviderError(failed.type(), failed.message(), failed.code()));
    }

    @Override
    public byte[] end() {
        if (!includeUsage || usage == null) {
            return DONE;
        }
        byte[] last = event(JsonWriting.bytes(json -> {
            header(json);
            json.writeArrayFieldStart("choices");
            json.writeEndArray();
            JsonWriting.usage(json, usage);
            json.writeEndObject();
        }));
        byte[] both = new byte[last.length + DONE.length];
        System.arraycopy(last, 0, both, 0, last.length);
        System.arraycopy(DONE, 0, both, last.length, DONE.length);
        return both;
    }

    @Override
    public byte[] fail(ProviderError error) {
        return failure(error);
    }

    /** OpenAI's error event, {@code data: {"error": …}}, with no {@code [DONE]} after it. */
    static byte[] failure(ProviderError error) {
        return event(JsonWriting.bytes(json -> OpenAiChatWriter.errorObject(json, error)));
    }

    /** The role chunk a choice's first event is preceded by, as OpenAI sends it. */
    private byte[] announce(int choice, byte[] then) {
        if (announced.get(choice)) {
            return then;
        }
        announced.set(choice);
        byte[] role = chunk(choice, json -> {
            json.writeStringField("role", "assistant");
            json.writeStringField("content", "");
        }, null);
        byte[] both = new byte[role.length + then.length];
        System.arraycopy(role, 0, both, 0, role.length);
        System.arraycopy(then, 0, both, role.length, then.length);
        return both;
    }

    private static void toolCall(JsonGenerator json, ChatEvent.ToolCallDelta call) throws IOException {
        json.writeArrayFieldStart("tool_calls");
        json.writeStartObject();
        json.writeNumberField("index", call.index());
        if (call.id().isPresent()) {
            json.writeStringField("id", call.id().get());
            json.writeStringField("type", "function");
        }
        json.writeObjectFieldStart("function");
        if (call.name().isPresent()) {
            json.writeStringField("name", call.name().get());
        }
        json.writeStringField("arguments", call.arguments());
        json.writeEndObject();
        if (call.signature().isPresent()) {
            OpenAiChatWriter.signature(json, call.signature().get());
        }
        json.writeEndObject();
        json.writeEndArray();
    }

    private byte[] chunk(int choice, JsonWriting.Body delta, String finishReason) {
        return event(JsonWriting.bytes(json -> {
            header(json);
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", choice);
            json.writeObjectFieldStart("delta");
            delta.write(json);
            json.writeEndObject();
            json.writeNullField("logprobs");
            if (finishReason == null) {
                json.writeNullField("finish_reason");
            } else {
                json.writeStringField("finish_reason", finishReason);
            }
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private void header(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", id);
        json.writeStringField("object", "chat.completion.chunk");
        json.writeNumberField("created", created);
        json.writeStringField("model", model);
    }

    private static byte[] event(byte[] json) {
        byte[] framed = new byte[json.length + 8];
        framed[0] = 'd';
        framed[1] = 'a';
        framed[2] = 't';
        framed[3] = 'a';
        framed[4] = ':';
        framed[5] = ' ';
        System.arraycopy(json, 0, framed, 6, json.length);
        framed[framed.length - 2] = '\n';
        framed[framed.length - 1] = '\n';
        return framed;
    }
}
