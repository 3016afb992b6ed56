package dev.sluice.adapters.gateway.transport;

import dev.sluice.adapters.gateway.transport.ScriptedUpstream.Script;
import dev.sluice.domain.exchange.UpstreamResponse;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.sluice.adapters.gateway.transport.ProviderClient.text;
import static dev.sluice.adapters.gateway.transport.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider over HTTPS that speaks HTTP/1.1 (it offers no ALPN, as many self-hosted servers behind a TLS proxy):
 * the codec is added to the connection only once TLS is negotiated, and the handlers beside it must be too.
 */
class TlsProviderConnectionsTest {

    private static final String SMUGGLED = ok("smuggled");

    private ScriptedUpstream upstream;
    private ProviderClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = new ScriptedUpstream(serverContext());
        client = new ProviderClient(Duration.ofSeconds(5), Map.of(
                "micronaut.http.client.ssl.insecure-trust-all-certificates", true,
                "micronaut.http.client.pool.max-concurrent-http1-connections", 1));
        upstream.script("/first", Script.of(ok("first")));
        upstream.script("/second", Script.of(ok("second")));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        upstream.close();
    }

    @Test
    void theTicketNeverReachesTheProviderAndWholeAnswersShareTheConnection() throws Exception {
        assertThat(text(call("/first"))).isEqualTo("first");
        assertThat(text(call("/second"))).isEqualTo("second");

        assertThat(upstream.heads()).hasSize(2).allSatisfy(head ->
                assertThat(head.toLowerCase()).doesNotContain(ProviderConnections.TICKET_HEADER));
        assertThat(upstream.accepted()).isEqualTo(1);
    }

    /** With one connection allowed, the second call waits for the first's, and is given it at the answer's end. */
    @Test
    void aCallWaitingForTheConnectionIsNotGivenWhatFollowsTheAnswerBeforeIt() throws Exception {
        upstream.script("/slow", Script.of(ok("first") + SMUGGLED).after(Duration.ofMillis(300)));

        CompletableFuture<UpstreamResponse> first = call("/slow");
        Thread.sleep(100);
        CompletableFuture<UpstreamResponse> second = call("/second");

        assertThat(text(first)).isEqualTo("first");
        assertThat(text(second)).isEqualTo("second");
    }

    private static SSLContext serverContext() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("provider", certificate.key(), new char[0], new Certificate[] {certificate.cert()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private CompletableFuture<UpstreamResponse> call(String path) {
        return client.call("custom-tls", upstream.baseUrl(), path);
    }
}
