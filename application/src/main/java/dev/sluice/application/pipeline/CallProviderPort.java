package dev.sluice.application.pipeline;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Sends a request to a provider. Completes when the response head has arrived, whatever its status,
 * with the body still streaming; completes exceptionally with {@link ProviderUnavailableException}
 * when no response head arrives in time or the provider cannot be reached. "In time" is
 * {@code firstByteTimeout} when the request asked for one, else the adapter's configured default.
 */
public interface CallProviderPort {

    CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request, Optional<Duration> firstByteTimeout);
}
