package dev.sluice.adapters.gateway.transport;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.netty.NettyClientCustomizer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP adapter as bootstrap wires it: Micronaut's own client from a context configured as Sluice
 * configures it, with {@link ProviderConnections} registered on its connections.
 */
final class ProviderClient implements AutoCloseable {

    final ApplicationContext context;
    final ProviderConnections connections = new ProviderConnections();
    final HttpProviderAdapter adapter;

    ProviderClient(Duration readTimeout) {
        this(readTimeout, Map.of());
    }

    /** @param more further client settings, such as the pool's limits */
    ProviderClient(Duration readTimeout, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.putAll(Map.of(
                "micronaut.http.client.exception-on-error-status", false,
                "micronaut.http.client.decompression-enabled", false,
                "micronaut.http.client.read-timeout", readTimeout.toMillis() + "ms"));
        context = ApplicationContext.run(properties);
        context.getBean(NettyClientCustomizer.Registry.class).register(connections);
        adapter = new HttpProviderAdapter((RawHttpClient) context.getBean(HttpClient.class), connections);
    }

    @Override
    public void close() {
        context.close();
    }
}
