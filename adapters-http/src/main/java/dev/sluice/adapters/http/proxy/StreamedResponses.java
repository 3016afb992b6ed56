package dev.sluice.adapters.http.proxy;

import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.core.io.buffer.ReadBuffer;
import io.micronaut.core.io.buffer.ReadBufferFactory;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.ByteBodyFactory;
import io.netty.channel.Channel;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a provider's response into the client's: same status, same headers less the hop-by-hop ones,
 * the gateway's ids added, and the body written chunk by chunk as the provider sends it.
 */
public final class StreamedResponses {

    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);
    private static final ReadBufferFactory BUFFERS = ReadBufferFactory.getJdkFactory();
    private static final java.time.Duration CANCELLED_WITHIN = java.time.Duration.ofSeconds(30);

    private StreamedResponses() {
    }

    /**
     * @param connection the client's connection, closed at once if the provider's body fails part way:
     *                   with the head and some of the body sent, cutting the connection (no terminating
     *                   chunk) is the only way left to tell the client its answer is incomplete, and doing
     *                   it here spares the server's handler logging a provider's failure as its own
     */
    public static MutableHttpResponse<?> of(ProxiedResponse proxied, Optional<Channel> connection) {
        UpstreamResponse upstream = proxied.response();
        MutableHttpResponse<Object> response = HttpResponse.status(upstream.status(), null);
        for (Header header : HeaderForwarding.towardsClient(upstream.headers()).all()) {
            response.getHeaders().add(header.name(), header.value());
        }
        return response.header(GatewayHeaders.LOG_ID, proxied.logId())
                .header(GatewayHeaders.REQUEST_ID, proxied.requestId())
                .header(GatewayHeaders.EVENT_ID, proxied.eventId())
                .header(CacheHeaders.STATUS, proxied.cacheStatus().name())
                .body(body(upstream, connection));
    }

    /**
     * A body already in memory (a cache hit) is written as it is; any other is passed on chunk by chunk. An answer
     * whose status has none ({@link UpstreamResponse#bodiless}) goes with none: a 304's {@code Content-Length} is the
     * length a 200 would have had, and promised to the client as that many bytes, none came and the server closed
     * the client's connection without an answer.
     */
    private static Object body(UpstreamResponse upstream, Optional<Channel> connection) {
        boolean bodiless = upstream.bodiless();
        if (upstream.body() instanceof Bodies.Whole whole) {
            return BODIES.adapt(bodiless ? new byte[0] : whole.bytes());
        }
        OptionalLong length = bodiless ? OptionalLong.of(0) : upstream.declaredLength();
        Flux<byte[]> body = Flux.from(FlowAdapters.toPublisher(upstream.body()));
        if (bodiless) {
            // Still read to its end, so that whatever watches it (the log) sees it whole, but not sent: the unified
            // API writes a provider's error in the client's shape, a 304's included, and with those bytes sent the
            // server closed the client's connection without an answer.
            body = body.filter(chunk -> false);
        }
        if (connection.isPresent()) {
            Channel channel = connection.get();
            body = body.onErrorResume(cut -> {
                channel.close();
                // A body whose head promised a length is not ended here: ending short of it failed again in the
                // server's body, where nobody listened any more (a stack trace in the log). The closed connection
                // cancels it instead; the wait is only a bound in case nothing does.
                return length.isPresent() ? Mono.<byte[]>never().timeout(CANCELLED_WITHIN, Mono.empty()) : Mono.empty();
            });
        }
        Publisher<ReadBuffer> chunks = body.map(BUFFERS::adapt);
        return BODIES.adapt(chunks, length);
    }
}
