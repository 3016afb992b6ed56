package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.remote.RemoteGatewayAdapter;
import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.Generator;
import dev.sluice.application.generate.TranslateGenerationPort;
import io.micronaut.http.client.HttpClient;

/**
 * The dashboard's remote adapter against a real Cloudflare-compatible gateway over HTTP: another Sluice.
 * (Against Cloudflare's own wire format it is contract-tested with MockServer in adapters-gateway.)
 */
class RemoteGatewayAdapterAgainstSluiceTest extends GeneratorContract {

    @Override
    protected Generator generator(GenerationTarget target) {
        var beans = sluice.getApplicationContext();
        return Generator.remote(new RemoteGatewayAdapter(beans.getBean(HttpClient.class), sluice.getURI(),
                beans.getBean(TranslateGenerationPort.class)), target);
    }
}
