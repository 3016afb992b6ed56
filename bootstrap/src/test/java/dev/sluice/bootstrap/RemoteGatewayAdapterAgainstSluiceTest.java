package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.generate.GenerationTarget;
import dev.sluice.adapters.gateway.generate.RemoteGatewayAdapter;
import dev.sluice.application.generate.GenerateTextPort;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;

/**
 * The dashboard's remote adapter against a real Cloudflare-compatible gateway over HTTP: another Sluice.
 * (Against Cloudflare's own wire format it is contract-tested with MockServer in adapters-gateway.)
 */
class RemoteGatewayAdapterAgainstSluiceTest extends GenerateTextPortContract {

    @Override
    protected GenerateTextPort port(GenerationTarget target) {
        var beans = sluice.getApplicationContext();
        return new RemoteGatewayAdapter(beans.getBean(HttpClient.class), sluice.getURI(), target,
                beans.getBean(JsonMapper.class));
    }
}
