package dev.sluice.domain.log;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogCollectionTest {

    private static final GatewaySettings LOGGING = GatewaySettings.defaults();
    private static final GatewaySettings SILENT = new GatewaySettings(0, false, false, 0, 0,
            LOGGING.rateLimitingTechnique(), false, LOGGING.logManagement(), LOGGING.logManagementStrategy(), false,
            LOGGING.logpushPublicKey(), LOGGING.retryMaxAttempts(), LOGGING.retryDelayMs(), LOGGING.retryBackoff());

    private static Headers headers(String... nameValues) {
        Header[] all = new Header[nameValues.length / 2];
        for (int i = 0; i < all.length; i++) {
            all[i] = new Header(nameValues[2 * i], nameValues[2 * i + 1]);
        }
        return new Headers(List.of(all));
    }

    @Test
    void theGatewayDecidesUnlessTheRequestSaysOtherwise() {
        assertThat(LOGGING.collectLogs()).isTrue();
        assertThat(LogCollection.decide(LOGGING, Headers.EMPTY)).isEqualTo(new LogCollection(true, true));
        assertThat(LogCollection.decide(SILENT, Headers.EMPTY)).isEqualTo(new LogCollection(false, false));
        assertThat(LogCollection.decide(SILENT, headers("cf-aig-collect-log", "true")))
                .isEqualTo(new LogCollection(true, true));
        assertThat(LogCollection.decide(LOGGING, headers("cf-aig-collect-log", "FALSE")))
                .isEqualTo(new LogCollection(false, false));
    }

    @Test
    void payloadCanBeLeftOutButNeverKeptWithoutAnEntry() {
        assertThat(LogCollection.decide(LOGGING, headers("cf-aig-collect-log-payload", "false")))
                .isEqualTo(new LogCollection(true, false));
        assertThat(LogCollection.decide(LOGGING, headers("cf-aig-collect-log", "false",
                "cf-aig-collect-log-payload", "true"))).isEqualTo(new LogCollection(false, false));
    }

    @Test
    void otherValuesAreClearHeaderErrors() {
        assertThatThrownBy(() -> LogCollection.decide(LOGGING, headers("cf-aig-collect-log", "yes")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
                    assertThat(e.getMessage()).contains("cf-aig-collect-log");
                });
    }
}
