package dev.sluice.domain.usage;

import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a request or response body, for counting tokens when the provider reported none. Every
 * JSON document of the body (the body itself, or each event of a stream) is walked, and the strings
 * under the fields providers put text in are collected: chat {@code messages[].content} and its parts'
 * {@code text}, {@code prompt}, {@code input}, {@code system}, Cohere's {@code message} and
 * {@code preamble}, and in answers {@code choices[].message.content}, stream {@code delta}s, Workers
 * AI's {@code response}, Anthropic's and Google's {@code text} parts, and reasoning (Anthropic's {@code thinking},
 * {@code reasoning_content} as DeepSeek and the unified API send it, {@code reasoning}), which is billed as output.
 * Role names, ids, model names and signatures are not text and are left out. The result is an estimate's input, not a transcript.
 */
public final class TextReader {

    private static final Set<String> TEXT_FIELDS = Set.of("content", "text", "prompt", "input", "system",
            "preamble", "message", "response", "delta", "arguments", "output_text", "parts", "contents",
            "messages", "choices", "candidates", "result", "systemInstruction", "output", "thinking", "reasoning_content",
            "reasoning");

    /**
     * An error's text ({@code error.message}, Workers AI's {@code errors[].message}, an Anthropic stream's
     * {@code event: error}, the error event Sluice ends a failed translated stream with) is nobody's output: counted, a
     * stream that failed before its first token was logged, and charged to budgets, as 10–17 tokens of answer.
     */
    private static final Set<String> NOT_OUTPUT = Set.of("error", "errors");

    private final JsonObjectReader json;

    public TextReader(JsonObjectReader json) {
        this.json = json;
    }

    public String read(byte[] body) {
        StringBuilder text = new StringBuilder();
        for (String document : UsageReader.documents(new String(body, StandardCharsets.UTF_8))) {
            try {
                collectDocument(json.readObject(document), true, text);
            } catch (IllegalArgumentException e) {
                // not JSON: nothing to count in this document
            }
        }
        return text.toString();
    }

    /** The text of one document already parsed (a request whose other fields are read too). */
    public String read(Map<String, Object> document) {
        StringBuilder text = new StringBuilder();
        collectDocument(document, true, text);
        return text.toString();
    }

    /**
     * A document's text, less its error's: at its top level, or under a top-level {@code response} (OpenAI's
     * {@code response.failed} event). Deeper, an {@code error} is content (a tool's result, a JSON answer's schema).
     */
    private static void collectDocument(Map<?, ?> document, boolean top, StringBuilder text) {
        document.forEach((key, value) -> {
            if (NOT_OUTPUT.contains(key)) {
                return;
            }
            if (top && "response".equals(key) && value instanceof Map<?, ?> response) {
                collectDocument(response, false, text);
            } else {
                collect(value, TEXT_FIELDS.contains(String.valueOf(key)), text);
            }
        });
    }

    private static void collect(Object node, boolean underText, StringBuilder text) {
        if (node instanceof String value) {
            if (underText && !value.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(value);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(value, TEXT_FIELDS.contains(String.valueOf(key)), text));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, underText, text));
        }
    }
}
