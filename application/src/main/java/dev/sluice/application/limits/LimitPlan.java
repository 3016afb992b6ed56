package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayLimits;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitDimension;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import dev.sluice.domain.limits.RateLimitedException;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.token.TokenHash;
import dev.sluice.domain.usage.ModelLocator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out which counters a request is checked against: the gateway's own Cloudflare rate limit, then
 * each active rule whose filters let the request through, with its partition's counter. Counter keys are
 * {@code account/gateway/rule|partition}.
 */
final class LimitPlan {

    /** How long a concurrency slot is held at most if the process holding it dies (a shared store frees it). */
    static final Duration CONCURRENCY_LEASE = Duration.ofMinutes(15);

    private final ModelLocator models;
    private final SpendEstimate spend;

    LimitPlan(ModelLocator models, SpendEstimate spend) {
        this.models = models;
        this.spend = spend;
    }

    static String prefix(Gateway gateway, String rule) {
        return gateway.ref().account().value() + "/" + gateway.ref().id().value() + "/" + rule + "|";
    }

    static CounterWindow window(LimitMeasure measure, RateLimitTechnique technique, long seconds) {
        if (measure == LimitMeasure.CONCURRENT) {
            return new CounterWindow(CounterWindow.Kind.CONCURRENT, CONCURRENCY_LEASE);
        }
        return new CounterWindow(technique == RateLimitTechnique.FIXED ? CounterWindow.Kind.FIXED
                : CounterWindow.Kind.SLIDING, Duration.ofSeconds(seconds));
    }

    List<LimitCheck> checks(Exchange exchange) {
        Gateway gateway = exchange.gateway();
        GatewaySettings settings = gateway.settings();
        List<LimitCheck> checks = new ArrayList<>(2);
        if (settings.rateLimited()) {
            checks.add(new LimitCheck(RateLimitedException.GATEWAY_RULE, LimitMeasure.REQUESTS,
                    new LimitCounter(prefix(gateway, RateLimitedException.GATEWAY_RULE), settings.rateLimitingLimit(),
                            window(LimitMeasure.REQUESTS, settings.rateLimitingTechnique(),
                                    settings.rateLimitingIntervalSeconds())),
                    1, true, "Rate limited: the gateway allows " + settings.rateLimitingLimit() + " requests per "
                    + settings.rateLimitingIntervalSeconds() + " s (" + settings.rateLimitingTechnique().wire()
                    + " window)"));
        }
        GatewayLimits limits = settings.limits();
        if (limits.isEmpty()) {
            return checks;
        }
        Scope scope = new Scope(exchange);
        for (LimitRule rule : limits.rules()) {
            if (rule.enabled()) {
                add(checks, gateway, rule, scope);
            }
        }
        if (limits.spendEnabled()) {
            for (LimitRule rule : limits.spendRules()) {
                if (rule.enabled()) {
                    add(checks, gateway, rule, scope);
                }
            }
        }
        return checks;
    }

    private void add(List<LimitCheck> checks, Gateway gateway, LimitRule rule, Scope scope) {
        Optional<String> partition = rule.partition(scope);
        if (partition.isEmpty()) {
            return;
        }
        LimitCounter counter = new LimitCounter(prefix(gateway, rule.id()) + partition.get(), rule.units(),
                window(rule.measure(), rule.technique(), rule.windowSeconds()));
        String where = partition.get().isEmpty() ? "" : " for " + partition.get();
        long amount = switch (rule.measure()) {
            case REQUESTS, CONCURRENT -> 1;
            case TOKENS -> 0;
            case COST -> spend.nanodollars(scope.exchange, scope.provider(), scope.model());
        };
        String refusal = rule.spend()
                ? "Spend limit exceeded: " + rule.describe() + " for " + scope.provider() + " " + scope.model()
                + (amount > 0 ? " (this request is estimated at $" + BigDecimal.valueOf(amount, 9)
                .stripTrailingZeros().toPlainString() + ")" : "")
                : "Rate limited: " + rule.describe() + where;
        checks.add(new LimitCheck(rule.id(), rule.measure(), counter, amount, rule.onStoreFailureAllow(), refusal));
    }

    /** The request's values for the rules' dimensions, each worked out once and only when a rule asks. */
    private final class Scope implements LimitDimension.Scope {
        private final Exchange exchange;
        private String model;

        Scope(Exchange exchange) {
            this.exchange = exchange;
        }

        String provider() {
            return exchange.provider();
        }

        String model() {
            if (model == null) {
                model = exchange.translation().map(Translation::model).orElseGet(() ->
                        models.locate(exchange.call().path(), exchange.call().body(), new byte[0]));
            }
            return model;
        }

        @Override
        public Optional<String> value(LimitDimension.Kind kind, String name) {
            return switch (kind) {
                case PROVIDER -> Optional.of(provider());
                case MODEL -> Optional.of(model()).filter(found -> !found.isEmpty());
                case METADATA -> Optional.ofNullable(exchange.policy().metadata().entries().get(name))
                        .map(value -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
                case HEADER -> exchange.call().headers().first(name);
                case TOKEN -> exchange.call().options().gatewayToken().or(() -> exchange.call().headers()
                                .first(GatewayHeaders.AUTHORIZATION).map(GatewayHeaders::bearerToken))
                        .filter(token -> !token.isEmpty())
                        .map(token -> TokenHash.of(token).hex().substring(0, 16));
            };
        }
    }
}
