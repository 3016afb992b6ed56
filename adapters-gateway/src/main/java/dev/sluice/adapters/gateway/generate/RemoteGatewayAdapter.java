package dev.sluice.adapters.gateway.generate;

import dev.sluice.application.generate.GenerateTextPort;
import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.exchange.Header;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * Generations through a remote Cloudflare-compatible gateway over HTTP: Cloudflare's hosted AI Gateway
 * ({@code https://gateway.ai.cloudflare.com}) or another Sluice. The request is the provider-native
 * {@code /v1/{account}/{gateway}/{provider}/{model}} call, with {@code cf-aig-authorization} when the
 * gateway requires a token; cache status and log id are read from the {@code cf-aig-*} response headers.
 */
public final class RemoteGatewayAdapter implements GenerateTextPort {

    private final HttpClient client;
    private final URI baseUrl;
    private final String base;
    private final GenerationTarget target;
    private final JsonMapper json;
    private final GenerationAnswers answers;

    public RemoteGatewayAdapter(HttpClient client, URI baseUrl, GenerationTarget target, JsonMapper json) {
        this.client = client;
        this.baseUrl = baseUrl;
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.target = target;
        this.json = json;
        this.answers = new GenerationAnswers(json);
    }

    @Override
    public CompletionStage<GatewayAnswer> generate(GenerationRequest request) {
        GenerationCall call = GenerationCall.of(target, request, json);
        MutableHttpRequest<byte[]> outgoing = HttpRequest.POST(base + "/v1/" + target.account() + "/"
                + target.gateway() + "/" + call.provider() + "/" + call.path(), call.body());
        for (Header header : call.headers()) {
            outgoing.header(header.name(), header.value());
        }
        return Mono.from(client.exchange(outgoing, Argument.of(byte[].class), Argument.of(byte[].class)))
                .map(response -> answer(call, request, response))
                .onErrorMap(error -> !(error instanceof GenerationException),
                        error -> GenerationException.aiError(502, "could not reach the gateway at " + baseUrl.getHost()
                                + " (" + error.getClass().getSimpleName() + ")"))
                .toFuture();
    }

    private GatewayAnswer answer(GenerationCall call, GenerationRequest request, HttpResponse<byte[]> response) {
        byte[] body = response.getBody().orElse(new byte[0]);
        String text = answers.text("the gateway at " + baseUrl.getHost(), response.code(), body);
        return new GatewayAnswer(text, target.gateway(), call.provider(), request.model(),
                GenerationAnswers.cacheStatus(response.getHeaders().getFirst(CacheHeaders.STATUS)),
                response.getHeaders().getFirst(GatewayHeaders.LOG_ID));
    }
}
