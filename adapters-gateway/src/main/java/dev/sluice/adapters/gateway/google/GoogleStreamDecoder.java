package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.ToolCall;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Gemini's {@code alt=sse} stream: each event is a whole {@code GenerateContentResponse} chunk whose
 * parts are new text, thought text or whole function calls, any of them signed (a signature on a part that is no
 * call, often an empty text part, is the content's); a candidate's {@code finishReason} ends it,
 * and the stream is whole once every candidate asked for has ended. {@code usageMetadata} is passed on
 * each time it comes (its counts are running totals, so the last one holds).
 */
final class GoogleStreamDecoder implements ChatStreamDecoder {

    private final int candidates;
    private final BitSet ended = new BitSet();
    private final Map<Integer, Integer> calls = new HashMap<>();
    private boolean started;

    GoogleStreamDecoder(int candidates) {
        this.candidates = candidates;
    }

    @Override
    public List<ChatEvent> read(ServerSentEvent event) {
        Map<String, Object> chunk = WireJson.readObject(event.data().getBytes(StandardCharsets.UTF_8));
        if (chunk.containsKey("error")) {
            Map<String, Object> error = WireJson.object(chunk, "error").orElse(Map.of());
            // Worded as Google's error answers are: the type from its HTTP code, its status as the code.
            Object status = error.get("code");
            return List.of(new ChatEvent.Failed(status instanceof Number code ? ProviderError.typeFor(code.intValue())
                    : "api_error", WireJson.string(error, "message").orElse("Google reported an error in its stream"),
                    WireJson.string(error, "status")));
        }
        List<ChatEvent> events = new ArrayList<>();
        if (!started) {
            started = true;
            events.add(new ChatEvent.Started(WireJson.string(chunk, "responseId").orElse(""),
                    WireJson.string(chunk, "modelVersion").orElse("")));
        }
        for (Map<String, Object> candidate : WireJson.objects(chunk, "candidates")) {
            candidate(candidate, WireJson.string(chunk, "responseId").orElse(""), events);
        }
        if (WireJson.objects(chunk, "candidates").isEmpty() && chunk.containsKey("promptFeedback")) {
            for (int i = 0; i < candidates; i++) {
                events.add(new ChatEvent.Finished(i, FinishReason.CONTENT_FILTER));
                ended.set(i);
            }
        }
        WireJson.object(chunk, "usageMetadata").flatMap(GoogleChatDialect::usage)
                .ifPresent(usage -> events.add(new ChatEvent.Usage(usage)));
        return events;
    }

    private void candidate(Map<String, Object> candidate, String responseId, List<ChatEvent> events) {
        int index = WireJson.number(candidate, "index").orElse(0L).intValue();
        boolean called = false;
        Map<String, Object> content = WireJson.object(candidate, "content").orElse(Map.of());
        for (Map<String, Object> part : WireJson.objects(content, "parts")) {
            if (part.containsKey("functionCall")) {
                int position = calls.merge(index, 1, Integer::sum) - 1;
                ToolCall tool = GoogleChatDialect.toolCall(part, responseId, index, position);
                events.add(new ChatEvent.ToolCallDelta(index, position, Optional.of(tool.id()),
                        Optional.of(tool.name()), tool.arguments(), tool.signature()));
                called = true;
            } else if (Boolean.TRUE.equals(part.get("thought"))) {
                events.add(new ChatEvent.ReasoningDelta(index, WireJson.string(part, "text").orElse("")));
            } else if (part.get("text") instanceof String text && !text.isEmpty()) {
                events.add(new ChatEvent.TextDelta(index, text));
            }
            if (!part.containsKey("functionCall")) {
                GoogleChatDialect.contentSignature(part)
                        .ifPresent(signature -> events.add(new ChatEvent.ContentSignature(index, signature)));
            }
        }
        Optional<String> reason = WireJson.string(candidate, "finishReason");
        if (reason.isPresent()) {
            boolean tools = called || calls.containsKey(index);
            events.add(new ChatEvent.Finished(index, tools ? FinishReason.TOOL_CALLS : GoogleChatDialect.finish(reason.get())));
            ended.set(index);
        }
    }

    @Override
    public boolean finished() {
        return ended.cardinality() >= Math.max(1, candidates);
    }
}
