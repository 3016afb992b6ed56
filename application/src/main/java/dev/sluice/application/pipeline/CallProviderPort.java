package dev.sluice.application.pipeline;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Sends a request to a provider. Completes when the response head has arrived, whatever its status,
 * with the body still streaming (with a {@code firstByteTimeout}, once the body's first chunk has too);
 * completes exceptionally with {@link ProviderUnavailableException} when the answer does not arrive in
 * time or the provider cannot be reached. "In time" is {@code firstByteTimeout} to the body's first byte
 * when the request asked for one, else the adapter's configured default to the head.
 */
public interface CallProviderPort {

    CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request, Optional<Duration> firstByteTimeout);
}
