package dev.sluice.adapters.http.proxy;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import jakarta.inject.Singleton;

/**
 * The gateway answers with the provider's bytes as they are. Micronaut would otherwise gzip any
 * response a client accepts gzip for, which changes the body and its headers and, worse, holds
 * streamed events back in the compressor. Providers compress themselves when asked.
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
