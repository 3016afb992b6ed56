package dev.sluice.adapters.gateway.transport;

import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderSlug;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a provider call can end, counted at the provider's side: a whole answer (success or error
 * status) leaves its connection to be reused, and a call that ends early — timed out, its body
 * cancelled by the reader, its stream cut by the provider — leaves no connection open.
 */
class ConnectionReleaseTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    private CountingUpstream upstream;
    private ProviderClient client;
    private HttpProviderAdapter adapter;
    private Provider provider;

    @BeforeEach
    void start() throws Exception {
        upstream = new CountingUpstream();
        client = new ProviderClient(Duration.ofSeconds(60));
        adapter = client.adapter;
        provider = new Provider(new ProviderSlug("custom-counted"), upstream.baseUrl(), PathMapping.APPEND);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        upstream.close();
    }

    private CompletableFuture<UpstreamResponse> call(String path, Optional<Duration> timeout) {
        UpstreamRequest request = UpstreamRequest.to(provider, "POST", path, "", Headers.EMPTY, "{}".getBytes());
        return adapter.callProvider(request, timeout).toCompletableFuture();
    }

    @Test
    void wholeAnswersLeaveTheirConnectionForTheNextCall() throws Exception {
        for (String path : List.of("ok", "error", "ok", "error")) {
            UpstreamResponse response = call(path, Optional.of(Duration.ofSeconds(5))).get(5, TimeUnit.SECONDS);
            UpstreamBodies.text(response);
            Thread.sleep(50); // the client hands the connection back just after the body's last byte
        }
        assertThat(upstream.accepted()).as("one connection, reused: each was released whole").isEqualTo(1);
        assertThat(upstream.open()).isEqualTo(1);
        assertThat(client.connections.tracked()).isZero();
    }

    @Test
    void aTimedOutCallClosesItsConnectionAtOnceAndDropsNoError() throws Exception {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            timeOutFiveTimes();
            Thread.sleep(300);
            assertThat(dropped).as("errors nobody was left to receive (each logged as a stack trace)").isEmpty();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    private void timeOutFiveTimes() throws Exception {
        for (int i = 0; i < 5; i++) {
            CompletableFuture<UpstreamResponse> hanging = call("hang", Optional.of(Duration.ofMillis(200)));
            assertThatThrownBy(() -> hanging.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(ProviderUnavailableException.class,
                            e -> assertThat(e.getMessage()).contains("within the request timeout"));
        }
        assertThat(upstream.accepted()).as("a request may be dropped before it is sent").isBetween(1, 5);
        assertThat(upstream.awaitOpen(0, AT_ONCE)).as("connections left open after 5 timeouts").isZero();
        assertThat(client.connections.tracked()).isZero();
    }

    @Test
    void aCallCancelledByItsCallerClosesItsConnectionAtOnce() throws Exception {
        CompletableFuture<UpstreamResponse> waiting = call("hang", Optional.empty());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (upstream.heads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(upstream.open()).isEqualTo(1);
        waiting.cancel(true);
        assertThat(upstream.awaitOpen(0, AT_ONCE)).isZero();
        assertThat(client.connections.tracked()).isZero();
    }

    @Test
    void theTicketNeverReachesTheProvider() throws Exception {
        UpstreamBodies.text(call("ok", Optional.empty()).get(5, TimeUnit.SECONDS));
        assertThat(upstream.heads()).hasSize(1).allSatisfy(head ->
                assertThat(head.toLowerCase()).doesNotContain(ProviderConnections.TICKET_HEADER));
    }

    @Test
    void aBodyCancelledByItsReaderClosesItsConnectionAtOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            UpstreamResponse response = call("stream", Optional.empty()).get(5, TimeUnit.SECONDS);
            Flux.from(FlowAdapters.toPublisher(response.body())).take(2).blockLast(Duration.ofSeconds(5));
        }
        assertThat(upstream.awaitOpen(0, AT_ONCE)).as("connections left open after 3 abandoned streams").isZero();
    }

    @Test
    void aBodyNeverReadAndCancelledClosesItsConnection() throws Exception {
        UpstreamResponse response = call("stream", Optional.empty()).get(5, TimeUnit.SECONDS);
        FlowAdapters.toPublisher(response.body()).subscribe(new BaseSubscriber<byte[]>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.cancel();
            }
        });
        assertThat(upstream.awaitOpen(0, AT_ONCE)).isZero();
    }

    @Test
    void aStreamCutByTheProviderEndsInAnErrorAndLeavesNothingOpen() throws Exception {
        UpstreamResponse response = call("cut", Optional.empty()).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> UpstreamBodies.text(response)).isNotNull();
        assertThat(upstream.awaitOpen(0, AT_ONCE)).isZero();
    }

    @Test
    void aBodyShorterThanItsContentLengthEndsInAnErrorAndDropsNone() throws Exception {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            for (int i = 0; i < 3; i++) {
                UpstreamResponse response = call("short", Optional.empty()).get(5, TimeUnit.SECONDS);
                assertThatThrownBy(() -> UpstreamBodies.text(response)).isNotNull();
            }
            Thread.sleep(300);
            assertThat(dropped).as("errors nobody was left to receive (each logged as a stack trace)").isEmpty();
            assertThat(upstream.awaitOpen(0, AT_ONCE)).isZero();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }
}
