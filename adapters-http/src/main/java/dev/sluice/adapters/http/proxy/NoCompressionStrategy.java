package dev.sluice.adapters.http.proxy;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import jakarta.inject.Singleton;

/**
 * The gateway answers with the provider's bytes as they are. Micronaut would otherwise gzip any
 * response a client accepts gzip for, which changes the body and its headers and, worse, holds
 * streamed events back in the compressor. Providers are not asked to compress either (the client's
 * {@code Accept-Encoding} is not forwarded), so the gateway can read every answer it passes on.
 */
@Singleton
@Replaces(HttpCompressionStrategy.class)
final class NoCompressionStrategy implements HttpCompressionStrategy {

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public boolean shouldCompress(io.netty.handler.codec.http.HttpResponse response) {
        return false;
    }

    @Override
    public int getMaxZstdEncodeSize() {
        return 0;
    }
}
