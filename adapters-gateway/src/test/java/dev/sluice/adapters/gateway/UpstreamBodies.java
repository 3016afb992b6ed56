package dev.sluice.adapters.gateway;

import dev.sluice.domain.exchange.UpstreamResponse;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Flux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reads a provider response's streamed body whole, for assertions. */
public final class UpstreamBodies {

    private UpstreamBodies() {
    }

    public static byte[] bytes(UpstreamResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Flux.from(FlowAdapters.toPublisher(response.body())).doOnNext(out::writeBytes).blockLast(Duration.ofSeconds(10));
        return out.toByteArray();
    }

    public static String text(UpstreamResponse response) {
        return new String(bytes(response), StandardCharsets.UTF_8);
    }
}
