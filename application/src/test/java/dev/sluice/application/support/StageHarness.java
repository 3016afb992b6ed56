package dev.sluice.application.support;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.RequestPolicy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one stage on its own: a first stage fills in what the stages before it would have provided, and a
 * last one records what reached it and answers as told. A stage's test then sees only that stage's job.
 */
public final class StageHarness {

    public static final GatewayRef OPEN = new GatewayRef(new AccountId("local"), new GatewayId("open"));
    public static final Gateway GATEWAY = Gateway.create(OPEN, GatewaySettings.defaults(), Instant.EPOCH);

    /** The exchanges that got past the stage under test, in order. */
    public final List<Exchange> reached = new CopyOnWriteArrayList<>();
    private Function<Exchange, CompletionStage<ProxiedResponse>> end =
            exchange -> CompletableFuture.completedFuture(answer(exchange, ok("ok")));

    /** What the end of the pipeline answers from now on. */
    public StageHarness answering(Function<Exchange, CompletionStage<ProxiedResponse>> end) {
        this.end = end;
        return this;
    }

    public static GatewayCall call(Header... headers) {
        return call(CallOptions.NONE, headers);
    }

    public static GatewayCall call(CallOptions options, Header... headers) {
        return new GatewayCall("req-1", "local", "open", "openai", "POST", "v1/chat/completions", "",
                new Headers(List.of(headers)), "{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8),
                options);
    }

    /** A plain call with this JSON body. */
    public static GatewayCall call(String body, Header... headers) {
        return new GatewayCall("req-1", "local", "open", "openai", "POST", "v1/chat/completions", "",
                new Headers(List.of(headers)), body.getBytes(StandardCharsets.UTF_8), CallOptions.NONE);
    }

    /** What the gateway, policy and provider stages provide for a plain call to the open gateway. */
    public static Consumer<Exchange> resolved(RequestPolicy policy) {
        return exchange -> {
            exchange.gateway(GATEWAY);
            exchange.policy(policy, new LogCollection(true, true));
            exchange.request(UpstreamRequest.to(TestProviders.catalog(Map.of()).find("openai")
                            .orElseThrow(), "POST", exchange.call().path(), "", Headers.EMPTY, exchange.call().body()));
        };
    }

    public static Consumer<Exchange> nothing() {
        return exchange -> { };
    }

    public CompletionStage<ProxiedResponse> run(GatewayCall call, Consumer<Exchange> given, Stage stage) {
        Stage before = new Named("given", (exchange, next) -> {
            given.accept(exchange);
            return next.proceed(exchange);
        });
        Stage last = new Named("end", (exchange, next) -> {
            reached.add(exchange);
            return end.apply(exchange);
        });
        return new Pipeline(List.of(before, stage, last), Clock.systemUTC()).run(call);
    }

    public ProxiedResponse await(GatewayCall call, Consumer<Exchange> given, Stage stage) throws Exception {
        return run(call, given, stage).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public static UpstreamResponse ok(String body) {
        return new UpstreamResponse(200, new Headers(List.of(new Header("content-type", "application/json"))),
                Bodies.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the answer's body as it comes, all it offers at once: its text once it ends. */
    public static CompletableFuture<String> readAsync(ProxiedResponse response) {
        CompletableFuture<String> text = new CompletableFuture<>();
        response.response().body().subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(byte[] item) {
                bytes.writeBytes(item);
            }

            @Override
            public void onError(Throwable throwable) {
                text.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        });
        return text;
    }

    public static String read(ProxiedResponse answer) throws Exception {
        return new String(Bodies.collect(answer.response().body(), 1 << 20).toCompletableFuture()
                .get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** An answer that does not need the policy stage to have run. */
    public static ProxiedResponse answer(Exchange exchange, UpstreamResponse response) {
        String id = exchange.call().requestId();
        return new ProxiedResponse(id, id, id, exchange.cacheStatus(), response);
    }

    public static ProxiedResponse hit(Exchange exchange, String body) {
        return exchange.answer(ok(body), CacheStatus.HIT);
    }

    /** A stage given as a lambda, with a name. */
    public record Named(String name, Behaviour behaviour) implements Stage {
        @Override
        public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
            return behaviour.apply(exchange, next);
        }
    }

    @FunctionalInterface
    public interface Behaviour {
        CompletionStage<ProxiedResponse> apply(Exchange exchange, Stage.Next next);
    }
}
