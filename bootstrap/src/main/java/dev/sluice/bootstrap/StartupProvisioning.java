package dev.sluice.bootstrap;

import dev.sluice.application.token.ProvisionAdminTokenUseCase;
import dev.sluice.application.gateway.ProvisionGatewaysUseCase;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewaySettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * At startup, before the first request: the gateways of the configuration file and the {@code default}
 * gateway exist, and the admin token is settled. A newly generated admin token is printed this once.
 */
@Singleton
final class StartupProvisioning implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupProvisioning.class);

    private final ProvisionGatewaysUseCase gateways;
    private final ProvisionAdminTokenUseCase adminToken;
    private final List<ConfiguredGateway> configured;
    private final SluiceConfiguration configuration;

    StartupProvisioning(ProvisionGatewaysUseCase gateways, ProvisionAdminTokenUseCase adminToken,
                        List<ConfiguredGateway> configured, SluiceConfiguration configuration) {
        this.gateways = gateways;
        this.adminToken = adminToken;
        this.configured = configured;
        this.configuration = configuration;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Map<GatewayId, GatewaySettings> settings = new LinkedHashMap<>();
        configured.forEach(gateway -> settings.put(new GatewayId(gateway.name()), gateway.settings()));
        gateways.provision(settings);
        adminToken.provision(Optional.ofNullable(configuration.adminToken())).ifPresent(token -> LOG.warn(
                "Generated the admin token for the management API. It is shown this once and stored only "
                        + "as a hash; keep it now:\n\n    {}\n\nSet sluice.admin-token (SLUICE_ADMIN_TOKEN) to "
                        + "choose your own.", token));
        LOG.info("Sluice serves account '{}'; {} gateway(s) from configuration; data in {}",
                configuration.accountId(), settings.size(), configuration.dataDir().toAbsolutePath().normalize());
    }
}
