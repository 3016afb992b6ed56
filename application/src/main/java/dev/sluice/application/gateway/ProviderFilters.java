package dev.sluice.application.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitDimension;
import dev.sluice.domain.gateway.LimitRule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A limit or spend rule filtered to a provider Sluice does not serve ({@code "values": ["opnai"]}) never counted a
 * request, so its limit or budget held nothing back, and nothing said so. A change that names such a provider is
 * refused (400, naming the rule's field). A provider a rule already named stays accepted, so that a provider taken out
 * of the configuration does not make every later change of the gateway fail.
 */
public final class ProviderFilters {

    private final Predicate<String> served;

    /** @param served whether Sluice serves a provider slug (its catalog, {@code custom-*} ones included) */
    public ProviderFilters(Predicate<String> served) {
        this.served = served;
    }

    /** Every provider is served: no rule is refused for its provider filter. */
    public static ProviderFilters any() {
        return new ProviderFilters(slug -> true);
    }

    /** @throws GatewayException (400) naming the first rule that filters to a provider not served and not named before */
    public void check(GatewaySettings before, GatewaySettings after) {
        check("limits", before.limits().rules(), after.limits().rules());
        check("spend_limits.rules", before.limits().spendRules(), after.limits().spendRules());
    }

    private void check(String field, List<LimitRule> before, List<LimitRule> after) {
        Set<String> named = new HashSet<>();
        before.forEach(rule -> providers(rule).forEach(named::add));
        for (int i = 0; i < after.size(); i++) {
            for (String provider : providers(after.get(i))) {
                if (!served.test(provider) && !named.contains(provider)) {
                    throw new GatewayException(ErrorCode.INVALID_BODY, field + "[" + i + "].provider '" + provider
                            + "' is not a provider Sluice serves (a rule filtered to it would never count a request)");
                }
            }
        }
    }

    private static List<String> providers(LimitRule rule) {
        return rule.dimensions().stream()
                .filter(dimension -> dimension.kind() == LimitDimension.Kind.PROVIDER
                        && dimension.mode() == LimitDimension.Mode.FILTER)
                .flatMap(dimension -> dimension.values().stream()).toList();
    }
}
