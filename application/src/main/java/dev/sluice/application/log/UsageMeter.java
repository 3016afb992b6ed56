package dev.sluice.application.log;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.usage.TextReader;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageReader;

import java.util.Optional;

/**
 * The tokens of one exchange: what the provider reported in its answer, its body and its headers together (each
 * count the larger of the two, as both report the same tokens and either may leave some out), or, when it reported
 * nothing, the request's and the answer's text counted with a tokenizer and marked as estimated.
 */
public final class UsageMeter {

    private final UsageReader reported;
    private final TextReader text;
    private final CountTokensPort tokenizer;

    /** @param reported the usage reader composed of every provider's usage format */
    public UsageMeter(UsageReader reported, JsonObjectReader json, CountTokensPort tokenizer) {
        this.reported = reported;
        this.text = new TextReader(json);
        this.tokenizer = tokenizer;
    }

    /**
     * Whether a provider reports tokens in this header: of an answer's headers, all {@link #reported} and
     * {@link #measure} read.
     */
    public boolean reportsTokens(Header header) {
        return reported.reportsTokens(header);
    }

    /** Only what the provider reported (an error answer's text is not worth counting). */
    public Optional<TokenUsage> reported(byte[] response) {
        return reported(response, Headers.EMPTY);
    }

    /** Only what the provider reported, in the answer's body or its headers. */
    public Optional<TokenUsage> reported(byte[] response, Headers headers) {
        Optional<TokenUsage> body = response.length == 0 ? Optional.empty() : reported.read(response);
        Optional<TokenUsage> inHeaders = reported.read(headers);
        return body.isEmpty() ? inHeaders : inHeaders.map(body.get()::merge).or(() -> body);
    }

    public TokenUsage measure(String model, byte[] request, byte[] response) {
        return measure(model, request, response, Headers.EMPTY);
    }

    public TokenUsage measure(String model, byte[] request, byte[] response, Headers headers) {
        return reported(response, headers).orElseGet(() -> estimated(model, request, response));
    }

    /**
     * For an answer that did not end whole (cut, left by its client, or failed midway): a stream reports its output at
     * its end, so what it reported may count only its start (Anthropic's {@code message_start} says 1 output token
     * however many deltas follow). Its output is then at least the text it relayed, counted, and marked as estimated.
     */
    public TokenUsage measureCut(String model, byte[] request, byte[] response, Headers headers) {
        Optional<TokenUsage> found = reported(response, headers);
        return found.isEmpty() ? estimated(model, request, response) : atLeastRelayed(model, found.get(), response);
    }

    /**
     * What a stream that did not end whole reported ({@code usage}), its output at least the text it relayed in
     * {@code response}, counted; marked as estimated when that is more.
     */
    public TokenUsage atLeastRelayed(String model, TokenUsage usage, byte[] response) {
        long relayed = tokenizer.countTokens(model, text.read(response));
        return relayed <= usage.output() ? usage : new TokenUsage(usage.input(), relayed, usage.cachedInput(),
                usage.cacheWrite(), usage.longCacheWrite(), true);
    }

    private TokenUsage estimated(String model, byte[] request, byte[] response) {
        return new TokenUsage(tokenizer.countTokens(model, text.read(request)),
                tokenizer.countTokens(model, text.read(response)), 0, 0, true);
    }
}
