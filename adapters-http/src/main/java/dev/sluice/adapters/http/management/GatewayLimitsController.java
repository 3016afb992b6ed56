package dev.sluice.adapters.http.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.application.limits.LimitUsageUseCase;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET …/gateways/{id}/limits}: each limit of a gateway (its own rate limit as {@code rate_limiting},
 * its rules, its spend rules) with each counter's usage, what remains and when it next frees room.
 * Sluice's own endpoint.
 */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways/{id}/limits")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GatewayLimitsController {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleResponse(String id, String count, String limit, Long window, String technique, boolean enabled,
                        List<CounterResponse> counters) {
    }

    @Serdeable
    record CounterResponse(String partition, String used, String remaining, String reset) {
    }

    private final LimitUsageUseCase limits;

    GatewayLimitsController(LimitUsageUseCase limits) {
        this.limits = limits;
    }

    @Get
    V4Envelope<List<RuleResponse>> usage(@PathVariable String account, @PathVariable String id) {
        return V4Envelope.ok(limits.usage(GatewayRefs.existing(account, id)).stream()
                .map(rule -> new RuleResponse(rule.id(), rule.count(), rule.limit(),
                        rule.windowSeconds() == 0 ? null : rule.windowSeconds(), rule.technique(), rule.enabled(),
                        rule.counters().stream().map(counter -> new CounterResponse(counter.partition(),
                                counter.used(), counter.remaining(), counter.reset().toString())).toList()))
                .toList());
    }
}
