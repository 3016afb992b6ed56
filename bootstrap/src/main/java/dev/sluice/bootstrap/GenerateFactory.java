package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.generate.GenerationTarget;
import dev.sluice.adapters.gateway.generate.InProcessGatewayAdapter;
import dev.sluice.adapters.gateway.generate.RemoteGatewayAdapter;
import dev.sluice.application.proxy.ProxyProviderRequestUseCase;
import dev.sluice.application.generate.GenerateTextPort;
import dev.sluice.application.generate.GenerateTextService;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.generate.ModelName;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The dashboard API: its use case, and the gateway it sends prompts through, in process unless
 * {@code sluice.generate.remote-url} names a remote one.
 */
@Factory
final class GenerateFactory {

    @Singleton
    GenerateTextPort generateTextPort(GenerateConfiguration generate, SluiceConfiguration sluice,
                                      @Value("${sluice.workers-ai.api-token:}") String apiToken,
                                      @Value("${sluice.workers-ai.account-id:}") String workersAiAccount,
                                      ProxyProviderRequestUseCase pipeline, RequestIds ids, HttpClient client,
                                      JsonMapper json) {
        if (!generate.remote()) {
            return new InProcessGatewayAdapter(pipeline, ids, target(generate, sluice.accountId(), apiToken), json);
        }
        String account = Optional.ofNullable(generate.remoteAccountId()).filter(a -> !a.isBlank())
                .orElse(workersAiAccount);
        if (account.isBlank()) {
            throw new IllegalStateException("sluice.generate.remote-url is set but not the remote gateway's account: "
                    + "set sluice.generate.remote-account-id or CLOUDFLARE_ACCOUNT_ID");
        }
        return new RemoteGatewayAdapter(client, URI.create(generate.remoteUrl()), target(generate, account, apiToken),
                json);
    }

    private static GenerationTarget target(GenerateConfiguration generate, String account, String apiToken) {
        return new GenerationTarget(account, generate.gateway(), Optional.ofNullable(generate.gatewayToken()),
                Optional.ofNullable(apiToken), generate.cacheTtl());
    }

    @Singleton
    GenerateTextService generateText(GenerateTextPort gateway, GenerateConfiguration generate, Clock clock) {
        return new GenerateTextService(gateway, new ModelName(generate.defaultModel()), clock);
    }
}
