package dev.sluice.application.analytics;

import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.AnalyticsReport;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayRef;

/**
 * Analytics for the account, or one of its gateways. A gateway deleted since keeps its history in an
 * account-wide report, but is not found by name.
 */
public final class ReportAnalyticsService implements ReportAnalyticsUseCase {

    private final AccountId account;
    private final FindGatewaysPort gateways;
    private final ReportAnalyticsPort analytics;

    public ReportAnalyticsService(AccountId account, FindGatewaysPort gateways, ReportAnalyticsPort analytics) {
        this.account = account;
        this.gateways = gateways;
        this.analytics = analytics;
    }

    @Override
    public AnalyticsReport report(AnalyticsQuery query) {
        if (!account.equals(query.account())) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account '" + query.account() + "' not found");
        }
        query.gateway().ifPresent(id -> {
            if (gateways.findGateway(new GatewayRef(account, id)).isEmpty()) {
                throw new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + id + "' not found");
            }
        });
        return analytics.report(query);
    }
}
