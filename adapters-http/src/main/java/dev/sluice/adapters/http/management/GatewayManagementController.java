package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.adapters.http.json.JsonBodies;
import dev.sluice.adapters.http.logquery.QueryValues;
import dev.sluice.application.gateway.ListGatewaysQuery;
import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.application.gateway.StoredGateway;
import dev.sluice.application.gateway.UpdateGatewayCommand;
import dev.sluice.application.gateway.VersionCondition;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Optional;

/** {@code /client/v4/accounts/{account}/ai-gateway/gateways}: Cloudflare's gateway management API. */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GatewayManagementController {

    private final ManageGatewaysUseCase gateways;
    private final JsonMapper json;

    GatewayManagementController(ManageGatewaysUseCase gateways, JsonMapper json) {
        this.gateways = gateways;
        this.json = json;
    }

    @Post
    HttpResponse<V4Envelope<GatewayResponse>> create(@PathVariable String account, @Nullable @Body byte[] body) {
        GatewayRequest request = GatewayRequest.of(JsonBodies.tree(json, body));
        if (request.id() == null) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "id is required");
        }
        GatewayRef ref = new GatewayRef(GatewayRefs.account(account), new GatewayId(request.id()));
        GatewaySettings settings = request.applyTo(GatewaySettings.defaults());
        return versioned(gateways.create(ref, settings));
    }

    @Get
    V4ListEnvelope<GatewayResponse> list(@PathVariable String account,
                                        @QueryValue(defaultValue = "1") String page,
                                        @QueryValue(value = "per_page", defaultValue = "20") String perPage,
                                        @Nullable @QueryValue String search) {
        GatewayPage found = gateways.list(new ListGatewaysQuery(GatewayRefs.account(account),
                QueryValues.positive("page", page, Integer.MAX_VALUE),
                QueryValues.positive("per_page", perPage, ListGatewaysQuery.MAX_PER_PAGE), Optional.ofNullable(search)));
        return V4ListEnvelope.of(found.items().stream().map(GatewayResponse::of).toList(),
                ResultInfo.of(found.page(), found.perPage(), found.items().size(), found.totalCount()));
    }

    /** The gateway, with its version in {@code ETag} for a later {@code If-Match}. */
    @Get("/{id}")
    HttpResponse<V4Envelope<GatewayResponse>> get(@PathVariable String account, @PathVariable String id) {
        return versioned(gateways.read(GatewayRefs.existing(account, id)));
    }

    /**
     * Changes the fields the body names and keeps the rest, atomically against concurrent changes; with
     * {@code If-Match}, only if the gateway is still at a version it names (412 otherwise).
     */
    @Put("/{id}")
    HttpResponse<V4Envelope<GatewayResponse>> update(@PathVariable String account, @PathVariable String id,
                                                     HttpHeaders headers, @Nullable @Body byte[] body) {
        GatewayRequest request = GatewayRequest.of(JsonBodies.tree(json, body));
        GatewayRef ref = GatewayRefs.existing(account, id);
        if (request.id() != null && !request.id().equals(id)) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "A gateway's id cannot be changed");
        }
        Optional<VersionCondition> condition = EntityTags.ifMatch(ifMatch(headers));
        return versioned(gateways.update(new UpdateGatewayCommand(ref, request::applyTo, condition)));
    }

    /** The same partial update as {@code PUT} (which Cloudflare defines); here for clients that say PATCH. */
    @Patch("/{id}")
    HttpResponse<V4Envelope<GatewayResponse>> patch(@PathVariable String account, @PathVariable String id,
                                                    HttpHeaders headers, @Nullable @Body byte[] body) {
        return update(account, id, headers, body);
    }

    /** Deletes the gateway; with {@code If-Match}, only if it is still at a version it names (412 otherwise). */
    @Delete("/{id}")
    V4Envelope<GatewayResponse> delete(@PathVariable String account, @PathVariable String id,
                                       HttpHeaders headers) {
        return V4Envelope.ok(GatewayResponse.of(gateways.delete(GatewayRefs.existing(account, id),
                EntityTags.ifMatch(ifMatch(headers)))));
    }

    /** Every {@code If-Match} field as one list, as RFC 9110 reads repeated fields; null without one. */
    @Nullable
    private static String ifMatch(HttpHeaders headers) {
        List<String> fields = headers.getAll(HttpHeaders.IF_MATCH);
        return fields.isEmpty() ? null : String.join(", ", fields);
    }

    private static HttpResponse<V4Envelope<GatewayResponse>> versioned(StoredGateway stored) {
        return HttpResponse.ok(V4Envelope.ok(GatewayResponse.of(stored.gateway())))
                .header(HttpHeaders.ETAG, EntityTags.of(stored.versionTag()));
    }
}
