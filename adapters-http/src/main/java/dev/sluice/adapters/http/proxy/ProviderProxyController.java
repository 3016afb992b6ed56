package dev.sluice.adapters.http.proxy;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.proxy.ProxyProviderRequestCommand;
import dev.sluice.application.proxy.ProxyProviderRequestUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v1/{account}/{gateway}/{provider}/{path…}}: the provider-native surface. The request body is
 * read whole (it is bounded by the server's size limit); the response streams back as it arrives.
 */
@Controller("/v1/{account}/{gateway}/{provider:[^/]+}")
final class ProviderProxyController {

    private static final String PATH = "{/path:.*}";
    private static final String[] ANY = {"*/*"};

    private final ProxyProviderRequestUseCase proxy;
    private final RequestIds ids;

    ProviderProxyController(ProxyProviderRequestUseCase proxy, RequestIds ids) {
        this.proxy = proxy;
        this.ids = ids;
    }

    @Post(value = PATH, consumes = {"*/*"}, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> post(HttpRequest<?> request, @PathVariable String account,
                                                 @PathVariable String gateway, @PathVariable String provider,
                                                 @Nullable @Body byte[] body) {
        return handle(request, account, gateway, provider, body);
    }

    @Put(value = PATH, consumes = {"*/*"}, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> put(HttpRequest<?> request, @PathVariable String account,
                                                @PathVariable String gateway, @PathVariable String provider,
                                                @Nullable @Body byte[] body) {
        return handle(request, account, gateway, provider, body);
    }

    @Patch(value = PATH, consumes = {"*/*"}, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> patch(HttpRequest<?> request, @PathVariable String account,
                                                  @PathVariable String gateway, @PathVariable String provider,
                                                  @Nullable @Body byte[] body) {
        return handle(request, account, gateway, provider, body);
    }

    @Get(value = PATH, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> get(HttpRequest<?> request, @PathVariable String account,
                                                @PathVariable String gateway, @PathVariable String provider) {
        return handle(request, account, gateway, provider, null);
    }

    @Delete(value = PATH, consumes = {"*/*"}, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> delete(HttpRequest<?> request, @PathVariable String account,
                                                   @PathVariable String gateway, @PathVariable String provider,
                                                   @Nullable @Body byte[] body) {
        return handle(request, account, gateway, provider, body);
    }

    private CompletionStage<MutableHttpResponse<?>> handle(HttpRequest<?> request, String account, String gateway,
                                                           String provider, byte[] body) {
        String requestId = ids.next();
        Headers headers = headers(request);
        ClientDeparture departure = ClientDeparture.watch(request);
        ProxyProviderRequestCommand command = new ProxyProviderRequestCommand(requestId, account, gateway, provider,
                request.getMethodName(), pathAfterProvider(request.getUri().getRawPath()),
                request.getUri().getRawQuery(), headers, body, departure.gone());
        CompletionStage<ProxiedResponse> answer;
        try {
            answer = proxy.proxy(command).thenCompose(ProviderProxyController::firstChunk);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((proxied, failure) -> {
            departure.stopWatching();
            if (departure.left()) {
                // Nobody will read the answer: the server does not read a body it cannot write, so
                // nothing else would release the provider's connection or tell requests coalesced on
                // this one to stop waiting. (A call cancelled because the client left fails instead.)
                if (proxied != null) {
                    proxied.response().discard();
                }
                return HttpResponse.noContent();
            }
            if (failure != null) {
                return Failures.cause(failure) instanceof CutBeforeContent cut
                        ? ErrorResponses.withGatewayHeaders(ErrorResponses.of(request, cut.getCause()),
                        cut.proxied.logId(), cut.proxied.eventId())
                        : withIds(ErrorResponses.of(request, failure), requestId, headers);
            }
            return StreamedResponses.of(proxied, departure.connection());
        });
    }

    /**
     * The answer once its body's first chunk has arrived ({@link FirstChunk}): a body that fails before it is a
     * 502 with the answer's ids, where the server, which holds a streamed head until the first chunk, closed the
     * connection without a response.
     */
    private static CompletionStage<ProxiedResponse> firstChunk(ProxiedResponse proxied) {
        return FirstChunk.await(proxied.response()).handle((response, cut) -> {
            if (cut != null) {
                throw new CutBeforeContent(proxied, new GatewayException(ErrorCode.PROVIDER_FAILED,
                        FirstChunk.FAILED_BEFORE_FIRST + ": " + describe(Failures.cause(cut))));
            }
            return new ProxiedResponse(proxied.logId(), proxied.requestId(), proxied.eventId(), proxied.cacheStatus(),
                    response);
        });
    }

    private static String describe(Throwable cut) {
        return cut.getMessage() == null ? cut.getClass().getSimpleName() : cut.getMessage();
    }

    /** A provider's answer whose body failed before its first chunk, with the ids it was given. */
    private static final class CutBeforeContent extends RuntimeException {
        private final transient ProxiedResponse proxied;

        CutBeforeContent(ProxiedResponse proxied, GatewayException failure) {
            super(failure.getMessage(), failure, false, false);
            this.proxied = proxied;
        }
    }

    private static MutableHttpResponse<?> withIds(MutableHttpResponse<?> response, String requestId, Headers headers) {
        String eventId = headers.first(GatewayHeaders.EVENT_ID)
                .filter(GatewayHeaders::isValidEventId)
                .orElse(requestId);
        return ErrorResponses.withGatewayHeaders(response, requestId, eventId);
    }

    /** The raw path after {@code /v1/{account}/{gateway}/{provider}}, still percent-encoded. */
    static String pathAfterProvider(String rawPath) {
        int slashes = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            if (rawPath.charAt(i) == '/' && ++slashes == 5) {
                return rawPath.substring(i + 1);
            }
        }
        return "";
    }

    private static Headers headers(HttpRequest<?> request) {
        return GatewayHeaderDecoder.decode(request.getHeaders());
    }
}
