package dev.sluice.application.pipeline;

import dev.sluice.application.support.RealJson;
import dev.sluice.application.support.StageHarness;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.header.Header;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadPolicyStageTest {

    private final StageHarness harness = new StageHarness();
    private final ReadPolicyStage stage = new ReadPolicyStage(RealJson::read);

    private Exchange through(GatewayCall call) throws Exception {
        harness.await(call, exchange -> exchange.gateway(StageHarness.GATEWAY), stage);
        return harness.reached.get(harness.reached.size() - 1);
    }

    @Test
    void readsTheGatewayHeadersIntoThePolicy() throws Exception {
        Exchange exchange = through(StageHarness.call(new Header("cf-aig-metadata", "{\"team\":\"ai\"}"),
                new Header("cf-aig-event-id", "evt-1"), new Header("cf-aig-request-timeout", "250"),
                new Header("cf-aig-collect-log-payload", "false")));
        assertThat(exchange.policy().metadata().entries()).containsEntry("team", "ai");
        assertThat(exchange.eventId()).isEqualTo("evt-1");
        assertThat(exchange.policy().requestTimeout()).contains(Duration.ofMillis(250));
        assertThat(exchange.collection().payload()).isFalse();
    }

    @Test
    void withoutAnEventIdTheRequestIdStandsForIt() throws Exception {
        assertThat(through(StageHarness.call()).eventId()).isEqualTo("req-1");
    }

    @Test
    void typedOptionsWinOverTheHeadersTheyStandFor() throws Exception {
        Exchange skipping = through(StageHarness.call(new CallOptions(Optional.empty(), true, Optional.empty()),
                new Header("cf-aig-cache-ttl", "60")));
        assertThat(skipping.policy().cache().skipLookup()).isTrue();
        assertThat(skipping.policy().cache().ttl()).contains(Duration.ofSeconds(60));

        Exchange ttl = through(StageHarness.call(new CallOptions(Optional.empty(), false,
                Optional.of(Duration.ofHours(1))), new Header("cf-aig-cache-ttl", "60")));
        assertThat(ttl.policy().cache().ttl()).contains(Duration.ofHours(1));
        assertThat(ttl.policy().cache().skipLookup()).isFalse();
    }

    @Test
    void aBadHeaderStopsTheCallWithItsName() {
        assertThatThrownBy(() -> through(StageHarness.call(new Header("cf-aig-max-attempts", "9"))))
                .cause().isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
                    assertThat(e.getMessage()).contains("cf-aig-max-attempts");
                });
        assertThat(harness.reached).isEmpty();
    }

    @Test
    void readsTheCostTheCallDeclares() throws Exception {
        Exchange exchange = through(StageHarness.call(new Header("cf-aig-custom-cost",
                "{\"per_token_in\":0.000001,\"per_token_out\":0.000002}")));
        assertThat(exchange.customCost()).isPresent();
        assertThat(exchange.customCost().orElseThrow().perTokenIn()).isEqualByComparingTo(new BigDecimal("0.000001"));
    }
}
