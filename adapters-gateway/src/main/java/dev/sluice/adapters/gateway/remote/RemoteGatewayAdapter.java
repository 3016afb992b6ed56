package dev.sluice.adapters.gateway.remote;

import dev.sluice.adapters.gateway.workersai.GenerationAnswers;
import dev.sluice.application.generate.GenerateTextPort;
import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.TranslateGenerationPort;
import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
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
    private final TranslateGenerationPort translate;

    public RemoteGatewayAdapter(HttpClient client, URI baseUrl, TranslateGenerationPort translate) {
        this.client = client;
        this.baseUrl = baseUrl;
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.translate = translate;
    }

    @Override
    public CompletionStage<GatewayAnswer> generate(GenerationTarget target, GenerationRequest request) {
        RemoteGenerationCall call = RemoteGenerationCall.of(target, request, translate);
        MutableHttpRequest<byte[]> outgoing = HttpRequest.POST(base + "/v1/" + target.account() + "/"
                + target.gateway() + "/" + call.provider() + "/" + call.path(), call.body());
        for (Header header : call.headers()) {
            outgoing.header(header.name(), header.value());
        }
        // Its answer is read whole for the text: compressed, the text was not found.
        outgoing.header(HeaderForwarding.UNCOMPRESSED.name(), HeaderForwarding.UNCOMPRESSED.value());
        return Mono.from(client.exchange(outgoing, Argument.of(byte[].class), Argument.of(byte[].class)))
                .map(response -> answer(target, call, request, response))
                .onErrorMap(error -> !(error instanceof GenerationException),
                        error -> GenerationException.aiError(502, "could not reach the gateway at " + baseUrl.getHost()
                                + " (" + error.getClass().getSimpleName() + ")"))
                .toFuture();
    }

    private GatewayAnswer answer(GenerationTarget target, RemoteGenerationCall call, GenerationRequest request,
                                 HttpResponse<byte[]> response) {
        byte[] body = response.getBody().orElse(new byte[0]);
        String text = translate.answerText("the gateway at " + baseUrl.getHost(), response.code(), body);
        return new GatewayAnswer(text, target.gateway(), call.provider(), request.model(),
                GenerationAnswers.cacheStatus(response.getHeaders().getFirst(CacheHeaders.STATUS)),
                response.getHeaders().getFirst(GatewayHeaders.LOG_ID));
    }
}
