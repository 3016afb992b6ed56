package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.generate.GenerationTarget;
import dev.sluice.adapters.gateway.generate.InProcessGatewayAdapter;
import dev.sluice.application.proxy.ProxyProviderRequestUseCase;
import dev.sluice.application.generate.GenerateTextPort;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.json.JsonMapper;

/** The dashboard's default adapter: Sluice's own pipeline, called in process. */
class InProcessGatewayAdapterContractTest extends GenerateTextPortContract {

    @Override
    protected GenerateTextPort port(GenerationTarget target) {
        var beans = sluice.getApplicationContext();
        return new InProcessGatewayAdapter(beans.getBean(ProxyProviderRequestUseCase.class),
                beans.getBean(RequestIds.class), target, beans.getBean(JsonMapper.class));
    }
}
