package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.application.gateway.PurgeGatewayCacheUseCase;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code DELETE …/gateways/{id}/cache}: drops every cached answer of a gateway. Sluice's own endpoint;
 * Cloudflare's API has no purge for AI Gateway's cache.
 */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways/{id}/cache")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GatewayCacheController {

    @Serdeable
    record PurgeResponse(String id, boolean purged) {
    }

    private final PurgeGatewayCacheUseCase cache;

    GatewayCacheController(PurgeGatewayCacheUseCase cache) {
        this.cache = cache;
    }

    @Delete
    V4Envelope<PurgeResponse> purge(@PathVariable String account, @PathVariable String id) {
        cache.purgeCache(GatewayRefs.existing(account, id));
        return V4Envelope.ok(new PurgeResponse(id, true));
    }
}
