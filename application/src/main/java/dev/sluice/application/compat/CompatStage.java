package dev.sluice.application.compat;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.CompatModel;
import dev.sluice.domain.chat.EmbeddingDialect;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderSlug;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The unified API ({@code /v1/{account}/{gateway}/compat/…}): a call to the {@code compat} "provider"
 * is routed to the provider its body's {@code model} names ({@code {provider}/{model}}), with the
 * {@link Translation} its dialect calls for — the client's body with only its model rewritten for a
 * provider that speaks OpenAI's format, else the request rewritten in the provider's words and the answer
 * in the client's. Everything the request cannot be is refused here, before anything is sent.
 * {@code GET …/compat/models} is answered here too. Calls to any other provider pass through untouched.
 */
public final class CompatStage implements Stage {

    public static final String PROVIDER = "compat";

    private final ProviderCatalog providers;
    private final ChatDialects dialects;
    private final ChatSurface surface;
    private final CompatModels models;
    private final Clock clock;
    private final ParsedBodies bodies;

    public CompatStage(ProviderCatalog providers, ChatDialects dialects, ChatSurface surface, CompatModels models,
                       Clock clock, ParsedBodies bodies) {
        this.providers = providers;
        this.dialects = dialects;
        this.surface = surface;
        this.models = models;
        this.clock = clock;
        this.bodies = bodies;
    }

    @Override
    public String name() {
        return "compat";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        GatewayCall call = exchange.call();
        if (!PROVIDER.equals(call.provider())) {
            return next.proceed(exchange);
        }
        String operation = trimSlashes(call.path());
        switch (operation) {
            case "chat/completions":
                requireMethod(call, "POST");
                return admitted(exchange, next, this::routeChat);
            case "embeddings":
                requireMethod(call, "POST");
                return admitted(exchange, next, this::routeEmbeddings);
            case "models":
                requireMethod(call, "GET");
                return CompletableFuture.completedFuture(exchange.answer(new UpstreamResponse(200,
                        new Headers(List.of(new Header("content-type", "application/json"))),
                        Bodies.of(surface.models(models.ids(dialects), clock.instant().getEpochSecond()))),
                        CacheStatus.MISS));
            default:
                throw new GatewayException(ErrorCode.NOT_FOUND, "The unified API serves chat/completions, "
                        + "embeddings and models, not '" + CompatModel.shortened(operation) + "'");
        }
    }

    /** Routes a body read as JSON once {@link ParsedBodies} admits it, and gives its share back when the answer comes. */
    private CompletionStage<ProxiedResponse> admitted(Exchange exchange, Next next, Consumer<Exchange> route) {
        Runnable release = bodies.admit(exchange.call().body(), ParsedBodies.UNIFIED_API);
        try {
            route.accept(exchange);
            return next.proceed(exchange).whenComplete((answer, failure) -> release.run());
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private void routeChat(Exchange exchange) {
        byte[] body = exchange.call().body();
        Target target = target(surface.model(body));
        if (target.dialect() instanceof ChatDialect.OpenAiCompatible compatible) {
            exchange.route(target.provider(), new PassThrough(compatible.chatPath(),
                    surface.withModel(body, target.model()), target.model(), surface));
            return;
        }
        ChatDialect.Translating dialect = (ChatDialect.Translating) target.dialect();
        ChatRequest request = surface.chatRequest(body).withModel(dialect.modelName(target.model()));
        exchange.route(target.provider(), new TranslatedChat(dialect, surface, request,
                dialect.chatRequest(request, forwarded(exchange))));
    }

    private void routeEmbeddings(Exchange exchange) {
        byte[] body = exchange.call().body();
        Target target = target(surface.model(body));
        if (target.dialect() instanceof ChatDialect.OpenAiCompatible compatible) {
            String path = compatible.embeddingsPath().orElseThrow(() -> noEmbeddings(target.provider()));
            exchange.route(target.provider(), new PassThrough(path, surface.withModel(body, target.model()),
                    target.model(), surface));
            return;
        }
        ChatDialect.Translating dialect = (ChatDialect.Translating) target.dialect();
        EmbeddingDialect embeddings = dialect.embeddings().orElseThrow(() -> noEmbeddings(target.provider()));
        EmbeddingRequest request = surface.embeddingRequest(body).withModel(dialect.modelName(target.model()));
        exchange.route(target.provider(), new TranslatedEmbeddings(dialect, embeddings, surface, request,
                embeddings.embeddingRequest(request, forwarded(exchange))));
    }

    private Target target(String named) {
        CompatModel model = CompatModel.parse(named);
        ProviderSlug slug;
        try {
            slug = new ProviderSlug(model.provider());
        } catch (GatewayException invalid) {
            throw invalidProvider(model.provider());
        }
        if (providers.find(slug.value()).isEmpty()) {
            throw invalidProvider(model.provider());
        }
        ChatDialect dialect = dialects.find(slug).orElseThrow(() -> new GatewayException(ErrorCode.INVALID_PROVIDER,
                "Provider '" + slug.value() + "' is not available on the unified API; use its own endpoint, "
                        + "/v1/{account}/{gateway}/" + slug.value() + "/…"));
        return new Target(slug.value(), model.model(), dialect);
    }

    /** The client's headers as they would go to the provider, less any that describe the body being replaced. */
    private static Headers forwarded(Exchange exchange) {
        return HeaderForwarding.towardsProvider(exchange.call().headers())
                .keep(header -> !header.is("content-length") && !header.is("accept-encoding"));
    }

    private static GatewayException invalidProvider(String provider) {
        return new GatewayException(ErrorCode.INVALID_PROVIDER, "Invalid provider '"
                + CompatModel.shortened(provider) + "' in model: write {provider}/{model} with a provider Sluice "
                + "routes (openai, anthropic, google-ai-studio, workers-ai, groq, mistral, cohere, …)");
    }

    private static GatewayException noEmbeddings(String provider) {
        return new GatewayException(ErrorCode.INVALID_BODY, "model: " + provider
                + " has no embeddings on the unified API");
    }

    private static void requireMethod(GatewayCall call, String method) {
        if (!method.equalsIgnoreCase(call.method())) {
            throw new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, "Use " + method + " for /compat/"
                    + trimSlashes(call.path()));
        }
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    private record Target(String provider, String model, ChatDialect dialect) {
    }
}
