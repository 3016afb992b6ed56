package dev.sluice.adapters.http.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.domain.chat.ChatChoice;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.EmbeddingResult;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.chat.ToolCall;

import java.io.IOException;
import java.util.List;

/** Writes whole answers in OpenAI's shapes: a chat completion, an error, an embedding list, a model list. */
final class OpenAiChatWriter {

    byte[] chatResult(ChatResult result) {
        return JsonWriting.bytes(json -> {
            json.writeStartObject();
            json.writeStringField("id", result.id());
            json.writeStringField("object", "chat.completion");
            json.writeNumberField("created", result.created());
            json.writeStringField("model", result.model());
            json.writeArrayFieldStart("choices");
            for (ChatChoice choice : result.choices()) {
                choice(json, choice);
            }
            json.writeEndArray();
            if (result.usage().isPresent()) {
                JsonWriting.usage(json, result.usage().get());
            }
            json.writeEndObject();
        });
    }

    private static void choice(JsonGenerator json, ChatChoice choice) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", choice.index());
        json.writeObjectFieldStart("message");
        json.writeStringField("role", "assistant");
        String text = choice.message().text();
        if (text.isEmpty() && !choice.message().toolCalls().isEmpty()) {
            json.writeNullField("content");
        } else {
            json.writeStringField("content", text);
        }
        if (choice.message().reasoning().isPresent()) {
            json.writeStringField("reasoning_content", choice.message().reasoning().get());
        }
        if (!choice.message().thinkingBlocks().isEmpty()) {
            json.writeArrayFieldStart("thinking_blocks");
            for (ThinkingBlock block : choice.message().thinkingBlocks()) {
                thinkingBlock(json, block);
            }
            json.writeEndArray();
        }
        if (!choice.message().toolCalls().isEmpty()) {
            toolCalls(json, choice.message().toolCalls());
        }
        if (choice.message().signature().isPresent()) {
            signature(json, choice.message().signature().get());
        }
        json.writeEndObject();
        json.writeNullField("logprobs");
        if (choice.finishReason().isPresent()) {
            json.writeStringField("finish_reason", choice.finishReason().get().wire());
        } else {
            json.writeNullField("finish_reason");
        }
        json.writeEndObject();
    }

    private static void toolCalls(JsonGenerator json, List<ToolCall> calls) throws IOException {
        json.writeArrayFieldStart("tool_calls");
        for (ToolCall call : calls) {
            json.writeStartObject();
            json.writeStringField("id", call.id());
            json.writeStringField("type", "function");
            json.writeObjectFieldStart("function");
            json.writeStringField("name", call.name());
            json.writeStringField("arguments", call.arguments());
            json.writeEndObject();
            if (call.signature().isPresent()) {
                signature(json, call.signature().get());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * A signature where Google's OpenAI-compatible API puts Gemini's, in {@code extra_content.google.thought_signature}:
     * of a tool call, on the call; of the content (a signed text part), on the message (in a stream, the delta). The
     * client sends the message back as it came, and each reaches Gemini as the {@code thoughtSignature} it was.
     */
    static void signature(JsonGenerator json, String signature) throws IOException {
        json.writeObjectFieldStart("extra_content");
        json.writeObjectFieldStart("google");
        json.writeStringField("thought_signature", signature);
        json.writeEndObject();
        json.writeEndObject();
    }

    /** A signed reasoning block as the client passes it back: {@code {"type":"thinking","thinking","signature"}}. */
    static void thinkingBlock(JsonGenerator json, ThinkingBlock block) throws IOException {
        json.writeStartObject();
        if (block.redacted()) {
            json.writeStringField("type", "redacted_thinking");
            json.writeStringField("data", block.data());
        } else {
            json.writeStringField("type", "thinking");
            json.writeStringField("thinking", block.thinking());
            json.writeStringField("signature", block.signature());
        }
        json.writeEndObject();
    }

    /** OpenAI's error shape, {@code {"error":{"message","type","param","code"}}}. */
    byte[] error(ProviderError error) {
        return JsonWriting.bytes(json -> errorObject(json, error));
    }

    static void errorObject(JsonGenerator json, ProviderError error) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("error");
        json.writeStringField("message", error.message());
        json.writeStringField("type", error.type());
        json.writeNullField("param");
        if (error.code().isPresent()) {
            json.writeStringField("code", error.code().get());
        } else {
            json.writeNullField("code");
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** @param base64 each vector as OpenAI writes it for {@code encoding_format: base64}: its little-endian floats */
    byte[] embeddingResult(EmbeddingResult result, boolean base64) {
        return JsonWriting.bytes(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int i = 0; i < result.vectors().size(); i++) {
                double[] vector = result.vectors().get(i);
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", i);
                json.writeFieldName("embedding");
                if (base64) {
                    json.writeString(base64(vector));
                } else {
                    json.writeArray(vector, 0, vector.length);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", result.model());
            long input = result.usage().map(usage -> usage.input()).orElse(0L);
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", input);
            json.writeNumberField("total_tokens", input);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static String base64(double[] vector) {
        java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(vector.length * Float.BYTES)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double value : vector) {
            floats.putFloat((float) value);
        }
        return java.util.Base64.getEncoder().encodeToString(floats.array());
    }

    byte[] models(List<String> ids, long created) {
        return JsonWriting.bytes(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String id : ids) {
                json.writeStartObject();
                json.writeStringField("id", id);
                json.writeStringField("object", "model");
                json.writeNumberField("created", created);
                json.writeStringField("owned_by", id.substring(0, id.indexOf('/')));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
