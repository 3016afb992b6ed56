package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitDimension;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.header.CredentialHeaders;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
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
        return LimitCountersPort.gatewayPrefix(gateway.ref()) + rule + "|";
    }

    /** The rule's counter window: its own, or for a concurrency rule the lease of a slot. */
    static CounterWindow window(LimitRule rule) {
        if (rule.measure() == LimitMeasure.CONCURRENT) {
            return new CounterWindow(CounterWindow.Kind.CONCURRENT, CONCURRENCY_LEASE);
        }
        return new CounterWindow(rule.technique() == RateLimitTechnique.FIXED ? CounterWindow.Kind.FIXED
                : CounterWindow.Kind.SLIDING, Duration.ofSeconds(rule.windowSeconds()));
    }

    /** Whether a gateway has any limit at all: most have none, and pay nothing more for this stage. */
    static boolean limited(GatewaySettings settings) {
        return settings.rateLimited() || !settings.limits().isEmpty();
    }

    List<LimitCheck> checks(Exchange exchange) {
        Gateway gateway = exchange.gateway();
        GatewaySettings settings = gateway.settings();
        List<LimitCheck> checks = new ArrayList<>(2);
        Scope scope = new Scope(exchange);
        settings.rateLimitRule().ifPresent(rule -> add(checks, gateway, rule, scope));
        for (LimitRule rule : settings.limits().active()) {
            add(checks, gateway, rule, scope);
        }
        return checks;
    }

    private void add(List<LimitCheck> checks, Gateway gateway, LimitRule rule, Scope scope) {
        Optional<String> partition = rule.partition(scope);
        if (partition.isEmpty()) {
            return;
        }
        LimitCounter counter = new LimitCounter(prefix(gateway, rule.id()) + partition.get(), rule.units(),
                window(rule));
        if (rule.spend()) {
            long estimate = spend.nanodollars(scope.exchange, scope.provider(), scope.model());
            // A request that costs nothing by its estimate (no price known, a custom cost of 0) is never held
            // back, not even by a budget already spent, but it is still counted: a cost the answer reveals (a
            // model named only there, as Azure's deployments are) is charged to the budget once it ends.
            LimitCounter checked = estimate > 0 ? counter
                    : new LimitCounter(counter.key(), Long.MAX_VALUE, counter.window());
            checks.add(new LimitCheck(rule, checked, estimate, scope.provider() + " " + scope.model()));
        } else {
            checks.add(new LimitCheck(rule, counter, rule.measure() == LimitMeasure.TOKENS ? 0 : 1, partition.get()));
        }
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
                        models.locate(exchange.provider(), exchange.call().path(), exchange.call().body(),
                                new byte[0]));
            }
            return model;
        }

        private static String hashed(String secret) {
            return TokenHash.of(secret).hex().substring(0, 16);
        }

        @Override
        public Optional<String> value(LimitDimension.Kind kind, String name) {
            return switch (kind) {
                case PROVIDER -> Optional.of(provider());
                case MODEL -> Optional.of(model()).filter(found -> !found.isEmpty());
                case METADATA -> Optional.ofNullable(exchange.policy().metadata().entries().get(name))
                        .map(value -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
                // A header that carries a secret (a provider's key) counts under its hash, as a token does: the
                // partition is shown by the limits API and in a refusal, and kept in Redis.
                case HEADER -> exchange.call().headers().first(name)
                        .map(value -> CredentialHeaders.isCredential(name) ? hashed(value) : value);
                case TOKEN -> exchange.call().options().gatewayToken().or(() -> exchange.call().headers()
                                .first(GatewayHeaders.AUTHORIZATION).map(GatewayHeaders::bearerToken))
                        .filter(token -> !token.isEmpty())
                        .map(Scope::hashed);
            };
        }
    }
}
