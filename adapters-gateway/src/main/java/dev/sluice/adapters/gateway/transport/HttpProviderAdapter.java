package dev.sluice.adapters.gateway.transport;

import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.exchange.Header;
import dev.sluice.domain.exchange.Headers;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Calls any HTTP provider with Micronaut's raw client: the request goes out as received (less what
 * {@code HeaderForwarding} removed), and the response comes back whatever its status, its body a stream
 * that is read only as fast as the client downstream takes it.
 */
public final class HttpProviderAdapter implements CallProviderPort {

    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);

    private final RawHttpClient client;

    public HttpProviderAdapter(RawHttpClient client) {
        this.client = client;
    }

    @Override
    public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request,
                                                         Optional<Duration> firstByteTimeout) {
        MutableHttpRequest<Object> outgoing = outgoing(request);
        Mono<? extends HttpResponse<?>> exchange = Mono.from(client.exchange(outgoing, BODIES.adapt(request.body()), null));
        // Arming a timer per request costs throughput, so only a request that asks for its own limit gets
        // one; every other request is bounded by the client's read timeout (sluice.upstream-timeout).
        if (firstByteTimeout.isPresent()) {
            exchange = exchange.timeout(firstByteTimeout.get());
        }
        return exchange
                .map(HttpProviderAdapter::upstreamResponse)
                .onErrorMap(error -> unavailable(request, error))
                .toFuture();
    }

    private static MutableHttpRequest<Object> outgoing(UpstreamRequest request) {
        HttpMethod method = HttpMethod.parse(request.method());
        MutableHttpRequest<Object> outgoing = method == HttpMethod.CUSTOM
                ? HttpRequest.create(HttpMethod.CUSTOM, request.uri().toString(), request.method())
                : HttpRequest.create(method, request.uri().toString());
        for (Header header : request.headers().all()) {
            outgoing.getHeaders().add(header.name(), header.value());
        }
        return outgoing;
    }

    private static UpstreamResponse upstreamResponse(HttpResponse<?> response) {
        List<Header> headers = new ArrayList<>();
        response.getHeaders().forEach((name, values) -> values.forEach(value -> headers.add(new Header(name, value))));
        var body = ((ByteBodyHttpResponse<?>) response).byteBody().toByteArrayPublisher();
        return new UpstreamResponse(response.code(), new Headers(headers), FlowAdapters.toFlowPublisher(body));
    }

    /** Messages name the host only: a URL's query may carry a provider key. */
    private static Throwable unavailable(UpstreamRequest request, Throwable error) {
        String host = request.uri().getHost();
        if (error instanceof TimeoutException || error instanceof ReadTimeoutException) {
            return new ProviderUnavailableException("no response from " + host + " within the request timeout", true);
        }
        return new ProviderUnavailableException("could not reach " + host + " (" + reason(error) + ")", false);
    }

    private static String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof java.nio.channels.ClosedChannelException) {
                return "connection closed";
            }
        }
        return "connection failed";
    }
}
