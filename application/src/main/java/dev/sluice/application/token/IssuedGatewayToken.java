package dev.sluice.application.token;

import dev.sluice.domain.token.GatewayToken;

/** A token just issued: its record and the one copy of its secret value. */
public record IssuedGatewayToken(GatewayToken token, String plaintext) {
}
