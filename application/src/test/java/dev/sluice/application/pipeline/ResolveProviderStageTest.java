package dev.sluice.application.pipeline;

import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.TestProviders;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolveProviderStageTest {

    private final StageHarness harness = new StageHarness();
    private final ResolveProviderStage stage = new ResolveProviderStage(TestProviders.catalog(
            Map.of("custom-local", "http://127.0.0.1:9/api")));

    private static GatewayCall to(String provider, String path) {
        return new GatewayCall("req-1", "local", "open", provider, "POST", path, "stream=true",
                new Headers(List.of(new Header("authorization", "Bearer sk"), new Header("cf-aig-metadata", "{}"))),
                "{}".getBytes(), CallOptions.NONE);
    }

    @Test
    void buildsTheRequestForTheProviderWithoutTheGatewaysHeaders() throws Exception {
        harness.await(to("custom-local", "chat/completions"), StageHarness.nothing(), stage);
        var request = harness.reached.get(0).request();
        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:9/api/chat/completions?stream=true");
        assertThat(request.headers().all()).extracting(Header::name).containsExactly("authorization");
    }

    @Test
    void anUnknownProviderIs2008AndGoesNoFurther() {
        assertThatThrownBy(() -> harness.await(to("nope", "x"), StageHarness.nothing(), stage)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROVIDER));
        assertThat(harness.reached).isEmpty();
    }

    @Test
    void aPathThatWouldLeaveTheProvidersBasePathIs2108() {
        assertThatThrownBy(() -> harness.await(to("custom-local", "..%2Fadmin"), StageHarness.nothing(), stage))
                .cause().isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        assertThat(harness.reached).isEmpty();
    }
}
