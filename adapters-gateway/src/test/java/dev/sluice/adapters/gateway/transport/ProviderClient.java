package dev.sluice.adapters.gateway.transport;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.netty.NettyClientCustomizer;

import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderSlug;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP adapter as bootstrap wires it: Micronaut's own client from a context configured as Sluice
 * configures it, with {@link ProviderConnections} registered on its connections.
 */
final class ProviderClient implements AutoCloseable {

    final ApplicationContext context;
    final ProviderConnections connections;
    final HttpProviderAdapter adapter;
    /** The providers of the calls sent again after a stale pooled connection, one each time. */
    final List<String> resent = new CopyOnWriteArrayList<>();

    ProviderClient(Duration readTimeout) {
        this(readTimeout, Map.of());
    }

    /** @param more further client settings, such as the pool's limits */
    ProviderClient(Duration readTimeout, Map<String, Object> more) {
        this(readTimeout, more, new ProviderConnections());
    }

    /** @param connections the connections' handlers, with the windows of a resend after a stale connection */
    ProviderClient(Duration readTimeout, Map<String, Object> more, ProviderConnections connections) {
        this.connections = connections;
        Map<String, Object> properties = new HashMap<>(more);
        properties.putAll(Map.of(
                "micronaut.http.client.exception-on-error-status", false,
                "micronaut.http.client.decompression-enabled", false,
                "micronaut.http.client.read-timeout", readTimeout.toMillis() + "ms"));
        context = ApplicationContext.run(properties);
        context.getBean(NettyClientCustomizer.Registry.class).register(connections);
        adapter = new HttpProviderAdapter((RawHttpClient) context.getBean(HttpClient.class), connections,
                provider -> resent.add(provider.slug().value()));
    }

    @Override
    public void close() {
        context.close();
    }

    /** A {@code POST} of {@code {}} to {@code path} under {@code baseUrl}, as provider {@code slug}. */
    CompletableFuture<UpstreamResponse> call(String slug, String baseUrl, String path) {
        Provider provider = new Provider(new ProviderSlug(slug), baseUrl, PathMapping.APPEND);
        UpstreamRequest request = UpstreamRequest.to(provider, "POST", path, "", Headers.EMPTY, "{}".getBytes());
        return adapter.callProvider(request, Optional.empty()).toCompletableFuture();
    }

    /** The body of a call's answer, which must be a 200 within five seconds. */
    static String text(CompletableFuture<UpstreamResponse> call) throws Exception {
        UpstreamResponse response = call.get(5, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        return UpstreamBodies.text(response);
    }
}
