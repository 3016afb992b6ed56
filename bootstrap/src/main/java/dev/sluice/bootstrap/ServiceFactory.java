package dev.sluice.bootstrap;

import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.application.gateway.DeleteGatewayLogsPort;
import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.application.gateway.LoadGatewayPort;
import dev.sluice.application.token.LoadGatewayTokensPort;
import dev.sluice.application.cache.PurgeEpochs;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.token.StoreAdminTokenPort;
import dev.sluice.application.gateway.StoreGatewayPort;
import dev.sluice.application.token.StoreGatewayTokenPort;
import dev.sluice.application.token.AdminTokenService;
import dev.sluice.application.access.GatewayAccess;
import dev.sluice.application.token.ManageGatewayTokensService;
import dev.sluice.application.gateway.ManageGatewaysService;
import dev.sluice.application.gateway.ProviderFilters;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.token.TokenGenerator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The application services, wired by hand to the adapters that implement their ports. */
@Factory
final class ServiceFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    AccountId account(SluiceConfiguration configuration) {
        return new AccountId(configuration.accountId());
    }

    @Singleton
    RequestIds requestIds(Clock clock) {
        return new RequestIds(clock);
    }

    @Singleton
    AdminTokenService adminTokens(StoreAdminTokenPort store) {
        return new AdminTokenService(store, new TokenGenerator("sluice_admin_"));
    }

    @Singleton
    GatewayAccess gatewayAccess(AccountId account, LoadGatewayPort gateways, LoadGatewayTokensPort tokens,
                                AuthenticateAdminUseCase admin) {
        return new GatewayAccess(account, gateways, tokens, admin);
    }

    @Singleton
    ManageGatewaysService manageGateways(AccountId account, FindGatewaysPort find, StoreGatewayPort store,
                                         PurgeResponseCachePort cache, PurgeEpochs purges, DeleteGatewayLogsPort logs,
                                         LimitsFactory.LimitCounters counters, Clock clock,
                                         ProviderCatalog providers) {
        return new ManageGatewaysService(account, find, store, purges.guarding(cache), logs,
                counters.port()::forget, clock, new ProviderFilters(slug -> providers.find(slug).isPresent()));
    }

    @Singleton
    ManageGatewayTokensService manageGatewayTokens(AccountId account, StoreGatewayTokenPort store, Clock clock) {
        return new ManageGatewayTokensService(account, store, new TokenGenerator("sluice_gw_"), clock);
    }
}
