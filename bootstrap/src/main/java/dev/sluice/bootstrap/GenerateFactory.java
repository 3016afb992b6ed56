package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.remote.RemoteGatewayAdapter;
import dev.sluice.adapters.gateway.workersai.WorkersAiPrompts;
import dev.sluice.application.generate.GenerateTextService;
import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.Generator;
import dev.sluice.application.generate.PipelineGenerator;
import dev.sluice.application.generate.TranslateGenerationPort;
import dev.sluice.application.pipeline.Pipeline;
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
 * The dashboard API: its use case, and where it runs prompts: through Sluice's own pipeline in process,
 * unless {@code sluice.generate.remote-url} names a remote gateway.
 */
@Factory
final class GenerateFactory {

    @Singleton
    TranslateGenerationPort generationFormat(JsonMapper json) {
        return new WorkersAiPrompts(json);
    }

    @Singleton
    Generator generator(GenerateConfiguration generate, SluiceConfiguration sluice,
                        @Value("${sluice.workers-ai.api-token:}") String apiToken,
                        @Value("${sluice.workers-ai.account-id:}") String workersAiAccount,
                        Pipeline pipeline, RequestIds ids, HttpClient client, TranslateGenerationPort format) {
        if (!generate.remote()) {
            return new PipelineGenerator(pipeline, ids, target(generate, sluice.accountId(), apiToken), format);
        }
        String account = Optional.ofNullable(generate.remoteAccountId()).filter(a -> !a.isBlank())
                .orElse(workersAiAccount);
        if (account.isBlank()) {
            throw new IllegalStateException("sluice.generate.remote-url is set but not the remote gateway's account: "
                    + "set sluice.generate.remote-account-id or CLOUDFLARE_ACCOUNT_ID");
        }
        return Generator.remote(new RemoteGatewayAdapter(client, URI.create(generate.remoteUrl()), format),
                target(generate, account, apiToken));
    }

    private static GenerationTarget target(GenerateConfiguration generate, String account, String apiToken) {
        return new GenerationTarget(account, generate.gateway(), Optional.ofNullable(generate.gatewayToken()),
                Optional.ofNullable(apiToken), generate.cacheTtl());
    }

    @Singleton
    GenerateTextService generateText(Generator generator, GenerateConfiguration generate, Clock clock) {
        return new GenerateTextService(generator, new ModelName(generate.defaultModel()), clock);
    }
}
