// What the limits stage costs per request in process: the same pipeline (a stage that resolves the
// gateway and policy, then an end that answers at once) run with and without LimitsStage over
// EmbeddedLimitCounters, on the bench's limits (bench/limits.yml: the gateway's sliding limit, a rule keyed
// by a metadata field the request lacks, a fixed rule, a token rule; all at 10^9). Single-threaded, after a
// warm-up; prints ns per request for each, five rounds, and the median difference. The token rule's
// settlement (once the answer's usage is known) is not part of this path. Run with the jar on the class path:
//   java -XX:+UseSerialGC -cp bootstrap/target/bootstrap-*-all.jar bench/LimitsStageBench.java [requests-per-round]
import dev.sluice.adapters.store.limits.EmbeddedLimitCounters;
import dev.sluice.application.limits.LimitEventsPort;
import dev.sluice.application.limits.LimitsStage;
import dev.sluice.application.limits.SpendEstimate;
import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.RequestPolicy;
import dev.sluice.domain.usage.ModelLocator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

public class LimitsStageBench {

    public static void main(String[] args) {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        GatewayRef ref = new GatewayRef(new AccountId("local"), new GatewayId("default"));
        GatewaySettings settings = GatewaySettingsChange.of(GatewaySettings.defaults())
                .rateLimiting(60L, 1_000_000_000L, "sliding")
                .limits(List.of(
                        Map.of("id", "per-user", "count", "requests", "limit", 1_000_000_000L, "window", 60, "key", "metadata.user_id"),
                        Map.of("id", "everyone", "count", "requests", "limit", 1_000_000_000L, "window", 60, "technique", "fixed"),
                        Map.of("id", "tokens", "count", "tokens", "limit", 1_000_000_000_000L, "window", 3600)), null)
                .apply();
        Gateway gateway = Gateway.create(ref, settings, Instant.EPOCH);
        Stage given = named("given", (exchange, next) -> {
            exchange.gateway(gateway);
            exchange.policy(RequestPolicy.NONE, new LogCollection(true, true), Optional.empty());
            return next.proceed(exchange);
        });
        UpstreamResponse ok = new UpstreamResponse(200, Headers.EMPTY, Bodies.of("{}".getBytes(StandardCharsets.UTF_8)));
        Stage end = named("end", (exchange, next) -> CompletableFuture.completedFuture(exchange.answer(ok, CacheStatus.MISS)));
        Stage pass = named("pass", (exchange, next) -> next.proceed(exchange));
        LimitEventsPort events = new LimitEventsPort() {
            @Override
            public void refused(GatewayRef g, String rule) {
            }

            @Override
            public void storeFailed(GatewayRef g, String rule, boolean allowed, Throwable cause) {
            }
        };
        LimitsStage limits = new LimitsStage(new EmbeddedLimitCounters(Clock.systemUTC()),
                new SpendEstimate(new PriceTable(Map.of()), (model, text) -> text.length() / 4, json -> Map.of(), 4096),
                new ModelLocator(json -> Map.of(), List.of()), events, Clock.systemUTC());
        Pipeline without = new Pipeline(List.of(given, pass, end), Clock.systemUTC());
        Pipeline with = new Pipeline(List.of(given, limits, end), Clock.systemUTC());
        byte[] body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        GatewayCall call = new GatewayCall("req-1", "local", "default", "openai", "POST", "v1/chat/completions", "",
                Headers.EMPTY, body, CallOptions.NONE);

        for (int i = 0; i < 3; i++) {
            round(without, call, perRound);
            round(with, call, perRound);
        }
        double[] differences = new double[5];
        for (int i = 0; i < differences.length; i++) {
            double a = round(without, call, perRound);
            double b = round(with, call, perRound);
            differences[i] = b - a;
            System.out.printf("round %d: without limits %.0f ns/request, with %.0f ns/request, difference %.0f ns%n",
                    i + 1, a, b, b - a);
        }
        Arrays.sort(differences);
        System.out.printf("median difference: %.2f µs per request (spread %.2f to %.2f µs)%n", differences[2] / 1000,
                differences[0] / 1000, differences[4] / 1000);
    }

    private static double round(Pipeline pipeline, GatewayCall call, int requests) {
        long start = System.nanoTime();
        int statuses = 0;
        for (int i = 0; i < requests; i++) {
            ProxiedResponse answer = pipeline.run(call).toCompletableFuture().join();
            statuses += answer.response().status();
        }
        if (statuses != 200L * requests) {
            throw new IllegalStateException("a request was refused");
        }
        return (System.nanoTime() - start) / (double) requests;
    }

    interface Behaviour {
        java.util.concurrent.CompletionStage<ProxiedResponse> apply(dev.sluice.application.pipeline.Exchange exchange, Stage.Next next);
    }

    private static Stage named(String name, Behaviour behaviour) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public java.util.concurrent.CompletionStage<ProxiedResponse> apply(dev.sluice.application.pipeline.Exchange exchange, Next next) {
                return behaviour.apply(exchange, next);
            }
        };
    }
}
