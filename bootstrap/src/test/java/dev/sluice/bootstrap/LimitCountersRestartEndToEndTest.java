package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart (a deploy) of Sluice on its embedded file keeps its limit counters: it started every window again, so a
 * weekly budget or an hourly request limit could be spent afresh after each one.
 */
class LimitCountersRestartEndToEndTest {

    private static final String GATEWAYS = "/client/v4/accounts/local/ai-gateway/gateways";
    private static final String CHAT = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"%s\"}]}";
    private static final String PRICE = "{\"per_token_in\":0.1,\"per_token_out\":0.1}";

    @TempDir
    Path dataDir;

    private EmbeddedServer server;

    private EmbeddedServer start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(), "sluice.admin-token", SluiceClient.ADMIN));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private HttpResponse<String> chat(String text) throws Exception {
        return new SluiceClient(server.getURI()).post("/v1/local/kept/mock/v1/chat/completions", CHAT.formatted(text),
                "cf-aig-custom-cost", PRICE);
    }

    private String usage() throws Exception {
        return new SluiceClient(server.getURI()).admin("GET", GATEWAYS + "/kept/limits", null).body();
    }

    /** The usage once the answers' real costs have replaced their estimates (they are settled after the answer). */
    private String settledUsage() throws Exception {
        String previous = usage();
        for (int read = 0; read < 50; read++) {
            Thread.sleep(100);
            String now = usage();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    @Test
    void aRequestLimitAndASpendBudgetKeepTheirCountsAcrossARestart() throws Exception {
        start();
        HttpResponse<String> created = new SluiceClient(server.getURI()).admin("POST", GATEWAYS, "{\"id\":\"kept\","
                + "\"limits\":[{\"id\":\"three-an-hour\",\"count\":\"requests\",\"limit\":3,\"window\":3600}],"
                + "\"spend_limits\":{\"enabled\":true,\"rules\":[{\"id\":\"weekly\",\"limit\":100,\"window\":604800}]}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(chat("one").statusCode()).isEqualTo(200);
        assertThat(chat("two").statusCode()).isEqualTo(200);
        String before = settledUsage();
        assertThat(before).contains("\"used\":\"2\"");
        server.getApplicationContext().close();

        start();
        assertThat(usage()).as("the same counts, the spend settled at its cost included").isEqualTo(before);
        assertThat(chat("three").statusCode()).isEqualTo(200);
        HttpResponse<String> fourth = chat("four");
        assertThat(fourth.statusCode()).as("three an hour, two of them before the restart").isEqualTo(429);
        assertThat(fourth.body()).contains("three-an-hour");
    }
}
