package dev.sluice.adapters.gateway.dialect;

import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.exchange.BodyExcerpt;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the translating dialects share: moving the client's OpenAI-style key ({@code Authorization:
 * Bearer …}) to the header a provider reads, reading a tool call's arguments as the JSON object most
 * providers want, and an error read from a body no provider format matched.
 */
public final class DialectSupport {

    private static final int EXCERPT = 500;

    private DialectSupport() {
    }

    /**
     * The client's headers for a provider that reads its key from {@code keyHeader}: the bearer key moved
     * there (unless the client already sent that header), {@code content-type} JSON, plus {@code added}
     * where the client did not send them.
     */
    public static Headers credentials(Headers forwarded, String keyHeader, Map<String, String> added) {
        Optional<String> bearer = forwarded.first("authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
        boolean keepAuthorization = keyHeader.equalsIgnoreCase("authorization");
        List<Header> headers = new ArrayList<>();
        for (Header header : forwarded.all()) {
            if (header.is("content-type") || header.is("content-length") || header.is("accept-encoding")
                    || (!keepAuthorization && header.is("authorization"))) {
                continue;
            }
            headers.add(header);
        }
        if (!keepAuthorization && bearer.isPresent() && forwarded.first(keyHeader).isEmpty()) {
            headers.add(new Header(keyHeader, bearer.get()));
        }
        added.forEach((name, value) -> {
            if (forwarded.first(name).isEmpty()) {
                headers.add(new Header(name, value));
            }
        });
        headers.add(new Header("content-type", "application/json"));
        return new Headers(headers);
    }

    /**
     * Adds to a translated body the fields the client sent that the unified model does not know ({@link
     * ChatRequest#extra()}), so that nothing it sent is lost: an object the translation also built is merged into it,
     * field by field and at every depth (Gemini's {@code generationConfig} with {@code topK} keeps the {@code
     * maxOutputTokens} and {@code temperature} translated from {@code max_tokens} and {@code temperature}); where both
     * set the same field, the client's own, in the provider's words, wins.
     */
    public static void passOn(Map<String, Object> body, Map<String, Object> extra) {
        extra.forEach((name, value) -> body.put(name, merged(body.get(name), value)));
    }

    /** The client's value merged into the translation's (a JSON {@code null} included: it is the client's to send). */
    private static Object merged(Object translated, Object sent) {
        if (!(translated instanceof Map<?, ?> built) || !(sent instanceof Map<?, ?> own)) {
            return sent;
        }
        Map<String, Object> both = new LinkedHashMap<>();
        built.forEach((name, value) -> both.put((String) name, value));
        own.forEach((name, value) -> both.put((String) name, merged(both.get(name), value)));
        return both;
    }

    /** A tool call's arguments as a JSON object, or a 400 naming where they are. */
    public static Map<String, Object> arguments(String arguments, String field, String provider) {
        try {
            return WireJson.readObject(arguments.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ChatRequest.unsupported(field, provider, "takes tool call arguments as a JSON object, and these "
                    + "are not one");
        }
    }

    /**
     * Refuses a turn without content ({@code contentKey} an empty list), naming its first message ({@code firsts},
     * by turn), except a final assistant turn ({@code assistantRole}), a prefill of nothing, which is left out:
     * Anthropic and Gemini refuse both, and the client is told which message rather than the provider's 400.
     */
    public static void refuseEmptyTurns(List<Map<String, Object>> turns, List<Integer> firsts, String contentKey,
                                        String assistantRole, String provider) {
        for (int t = 0; t < turns.size(); t++) {
            if (!((List<?>) turns.get(t).get(contentKey)).isEmpty()) {
                continue;
            }
            if (t == turns.size() - 1 && assistantRole.equals(turns.get(t).get("role")) && t > 0) {
                turns.remove(t);
                return;
            }
            throw ChatRequest.unsupported("messages[" + firsts.get(t) + "].content", provider,
                    "needs content in every message but a final assistant one; this one has none");
        }
    }

    /** An error from a body of no known shape: the status's usual type and the start of the body. */
    public static ProviderError unknownError(int status, byte[] body) {
        String text = BodyExcerpt.of(body, EXCERPT);
        return new ProviderError(ProviderError.typeFor(status),
                text.isEmpty() ? "The provider answered " + status + " with no body" : text, Optional.empty());
    }
}
