package dev.sluice.application.access;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.support.StageHarness;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolveGatewayStageTest {

    private static final Gateway LOCKED = Gateway.create(StageHarness.OPEN,
            GatewaySettings.defaults().withAuthentication(true), Instant.EPOCH);

    private final StageHarness harness = new StageHarness();
    private final ResolveGatewayStage stage = new ResolveGatewayStage(new GatewayAccess(
            StageHarness.OPEN.account(),
            ref -> CompletableFuture.completedFuture(ref.equals(StageHarness.OPEN) ? Optional.of(LOCKED)
                    : Optional.empty()),
            ref -> CompletableFuture.completedFuture(Set.of(TokenHash.of("gw-token"))),
            token -> false));

    private static GatewayCall call(String gateway, CallOptions options, Header... headers) {
        return new GatewayCall("req-1", "local", gateway, "openai", "POST", "x", "", new Headers(List.of(headers)),
                new byte[0], options);
    }

    private void assertRefused(GatewayCall call, ErrorCode code) {
        assertThatThrownBy(() -> harness.await(call, StageHarness.nothing(), stage)).cause()
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void opensALockedGatewayWithTheTokenInItsHeader() throws Exception {
        harness.await(call("open", CallOptions.NONE, new Header("cf-aig-authorization", "Bearer gw-token")),
                StageHarness.nothing(), stage);
        assertThat(harness.reached).singleElement().satisfies(exchange ->
                assertThat(exchange.gateway()).isEqualTo(LOCKED));
    }

    @Test
    void theTokenACallerInProcessPassesWinsOverTheHeader() throws Exception {
        harness.await(call("open", new CallOptions(Optional.of("gw-token"), false, Optional.empty()),
                new Header("cf-aig-authorization", "Bearer wrong")), StageHarness.nothing(), stage);
        assertThat(harness.reached).hasSize(1);
        assertRefused(call("open", new CallOptions(Optional.of("wrong"), false, Optional.empty()),
                new Header("cf-aig-authorization", "Bearer gw-token")), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void theAdminTokenOpensALockedGatewayToo() throws Exception {
        ResolveGatewayStage withAdmin = new ResolveGatewayStage(new GatewayAccess(StageHarness.OPEN.account(),
                ref -> CompletableFuture.completedFuture(Optional.of(LOCKED)),
                ref -> CompletableFuture.completedFuture(Set.of(TokenHash.of("gw-token"))),
                presented -> presented.sameAs(TokenHash.of("admin-token"))));
        harness.await(call("open", CallOptions.NONE, new Header("cf-aig-authorization", "Bearer admin-token")),
                StageHarness.nothing(), withAdmin);
        harness.await(call("open", CallOptions.NONE, new Header("cf-aig-authorization", "Bearer gw-token")),
                StageHarness.nothing(), withAdmin);
        assertThat(harness.reached).hasSize(2);
        assertThatThrownBy(() -> harness.await(call("open", CallOptions.NONE,
                new Header("cf-aig-authorization", "Bearer admin-tokem")), StageHarness.nothing(), withAdmin)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void refusesWithoutATokenAndAnUnknownGateway() {
        assertRefused(call("open", CallOptions.NONE), ErrorCode.UNAUTHORIZED);
        assertRefused(call("elsewhere", CallOptions.NONE), ErrorCode.UNKNOWN_GATEWAY);
        assertThat(harness.reached).isEmpty();
    }
}
