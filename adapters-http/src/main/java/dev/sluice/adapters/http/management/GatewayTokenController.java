package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.adapters.http.json.JsonBodies;
import dev.sluice.application.token.IssuedGatewayToken;
import dev.sluice.application.token.ManageGatewayTokensUseCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

/**
 * {@code …/gateways/{id}/tokens}: the tokens an authenticated gateway accepts in
 * {@code cf-aig-authorization}. Sluice's own resource; Cloudflare uses account API tokens instead.
 */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways/{id}/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GatewayTokenController {

    private final ManageGatewayTokensUseCase tokens;
    private final JsonMapper json;

    GatewayTokenController(ManageGatewayTokensUseCase tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Post
    V4Envelope<TokenResponse> create(@PathVariable String account, @PathVariable String id,
                                     @Nullable @Body byte[] bytes) {
        JsonNode body = JsonBodies.tree(json, bytes);
        String name = null;
        if (body != null && !body.isNull()) {
            JsonFields fields = JsonFields.of(body);
            fields.only(List.of("name"), "a token");
            name = fields.text("name");
        }
        IssuedGatewayToken issued = tokens.issue(GatewayRefs.existing(account, id), name);
        return V4Envelope.ok(TokenResponse.of(issued.token(), issued.plaintext()));
    }

    @Get
    V4Envelope<List<TokenResponse>> list(@PathVariable String account, @PathVariable String id) {
        return V4Envelope.ok(tokens.list(GatewayRefs.existing(account, id)).stream()
                .map(token -> TokenResponse.of(token, null)).toList());
    }

    @Delete("/{tokenId}")
    V4Envelope<Map<String, String>> revoke(@PathVariable String account, @PathVariable String id,
                                           @PathVariable String tokenId) {
        tokens.revoke(GatewayRefs.existing(account, id), tokenId);
        return V4Envelope.ok(Map.of("id", tokenId));
    }
}
