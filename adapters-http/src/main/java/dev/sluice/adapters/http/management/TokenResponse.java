package dev.sluice.adapters.http.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.domain.token.GatewayToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A gateway token; {@code token}, the secret, is present only in the answer that created it. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenResponse(String id, String name, String created_at, @Nullable String token) {

    static TokenResponse of(GatewayToken token, @Nullable String secret) {
        return new TokenResponse(token.id(), token.name(), token.createdAt().toString(), secret);
    }
}
