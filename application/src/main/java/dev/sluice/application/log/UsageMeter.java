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
        return reported(response, headers).orElseGet(() -> new TokenUsage(
                tokenizer.countTokens(model, text.read(request)),
                tokenizer.countTokens(model, text.read(response)), 0, 0, true));
    }
}
