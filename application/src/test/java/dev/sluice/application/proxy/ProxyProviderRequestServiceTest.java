package dev.sluice.application.proxy;

import dev.sluice.application.access.GatewayAccess;
import dev.sluice.application.cache.CacheLimits;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.application.support.RecordedLogs;
import dev.sluice.application.support.TestPipelines;
import dev.sluice.application.support.TestProviders;
import dev.sluice.application.token.AdminTokenService;
import dev.sluice.application.token.StoreAdminTokenPort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.token.TokenGenerator;
import dev.sluice.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyProviderRequestServiceTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final GatewayRef OPEN = new GatewayRef(ACCOUNT, new GatewayId("open"));
    private static final GatewayRef LOCKED = new GatewayRef(ACCOUNT, new GatewayId("locked"));

    private final Map<GatewayRef, Gateway> gateways = Map.of(
            OPEN, Gateway.create(OPEN, GatewaySettings.defaults(), Instant.EPOCH),
            LOCKED, Gateway.create(LOCKED, GatewaySettings.defaults().withAuthentication(true), Instant.EPOCH));
    private final ScriptedProvider provider = new ScriptedProvider();
    private final AdminTokenService admin = new AdminTokenService(new StoreAdminTokenPort() {
        @Override
        public Optional<TokenHash> loadAdminToken() {
            return Optional.empty();
        }

        @Override
        public boolean saveAdminTokenIfAbsent(TokenHash hash) {
            return true;
        }
    }, new TokenGenerator("t_"));
    final RecordedLogs logs = new RecordedLogs(json -> Map.of("team", "ai"));
    private final ProxyProviderRequestService service = new ProxyProviderRequestService(TestPipelines.standard(
            new GatewayAccess(ACCOUNT,
                    ref -> CompletableFuture.completedFuture(Optional.ofNullable(gateways.get(ref))),
                    ref -> CompletableFuture.completedFuture(Set.of(TokenHash.of("gateway-token"))),
                    admin),
            TestProviders.catalog(Map.of()), provider, new InMemoryResponseCache(),
            new CacheLimits(1024, Duration.ofSeconds(1)), json -> Map.of("team", "ai"),
            logs.log, new RequestIds(Clock.systemUTC()), Clock.systemUTC(),
            1024 * 1024));

    private static ProxyProviderRequestCommand command(String gateway, String provider, Header... headers) {
        return new ProxyProviderRequestCommand("req-1", "local", gateway, provider, "POST", "v1/chat/completions",
                "", new Headers(List.of(headers)), "{}".getBytes());
    }

    private ProxiedResponse proxy(ProxyProviderRequestCommand command) throws Exception {
        return service.proxy(command).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void assertFails(ProxyProviderRequestCommand command, ErrorCode code) {
        assertThatThrownBy(() -> proxy(command)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void forwardsToTheProviderWithoutGatewayHeaders() throws Exception {
        provider.answers(200);
        ProxiedResponse response = proxy(command("open", "openai", new Header("Authorization", "Bearer sk"),
                new Header("cf-aig-metadata", "{\"team\":\"ai\"}"), new Header("cf-aig-event-id", "evt-1")));
        assertThat(response.response().status()).isEqualTo(200);
        assertThat(response.eventId()).isEqualTo("evt-1");
        assertThat(response.logId()).isEqualTo("req-1");
        UpstreamRequest sent = provider.requests.get(0);
        assertThat(sent.uri().toString()).isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(sent.headers().all()).extracting(Header::name).containsExactly("Authorization");
    }

    @Test
    void unknownAccountOrGatewayIs2001() {
        assertFails(new ProxyProviderRequestCommand("r", "other", "open", "openai", "POST", "x", "", Headers.EMPTY,
                null), ErrorCode.UNKNOWN_GATEWAY);
        assertFails(command("missing", "openai"), ErrorCode.UNKNOWN_GATEWAY);
        assertFails(command("Not A Gateway", "openai"), ErrorCode.UNKNOWN_GATEWAY);
    }

    @Test
    void unknownProviderIs2008() {
        assertFails(command("open", "nope"), ErrorCode.INVALID_PROVIDER);
        assertThat(provider.requests).isEmpty();
    }

    @Test
    void authenticatedGatewayNeedsAValidTokenOrTheAdminToken() throws Exception {
        assertFails(command("locked", "openai"), ErrorCode.UNAUTHORIZED);
        assertFails(command("locked", "openai", new Header("cf-aig-authorization", "Bearer wrong")),
                ErrorCode.UNAUTHORIZED);
        provider.answers(200, 200);
        assertThat(proxy(command("locked", "openai", new Header("cf-aig-authorization", "Bearer gateway-token")))
                .response().status()).isEqualTo(200);
        String adminToken = admin.provision(Optional.empty()).orElseThrow();
        assertThat(proxy(command("locked", "openai", new Header("cf-aig-authorization", "Bearer " + adminToken)))
                .response().status()).isEqualTo(200);
    }

    @Test
    void authenticationComesBeforeHeaderValidation() {
        assertFails(command("locked", "openai", new Header("cf-aig-max-attempts", "9")), ErrorCode.UNAUTHORIZED);
        assertFails(command("open", "openai", new Header("cf-aig-max-attempts", "9")), ErrorCode.INVALID_HEADER);
    }

    @Test
    void retriesServerErrorsAndDiscardsTheirBodies() throws Exception {
        provider.answers(503, 502, 200);
        ProxiedResponse response = proxy(command("open", "openai", new Header("cf-aig-max-attempts", "3")));
        assertThat(response.response().status()).isEqualTo(200);
        assertThat(provider.requests).hasSize(3);
        assertThat(provider.discarded).extracting(AtomicBoolean::get).containsExactly(true, true, false);
    }

    @Test
    void returnsTheLastErrorWhenAttemptsAreSpent() throws Exception {
        provider.answers(503, 503);
        assertThat(proxy(command("open", "openai", new Header("cf-aig-max-attempts", "2"))).response().status())
                .isEqualTo(503);
        assertThat(provider.requests).hasSize(2);
    }

    @Test
    void doesNotRetryClientErrorsOrWithoutAPolicy() throws Exception {
        provider.answers(400, 503);
        assertThat(proxy(command("open", "openai", new Header("cf-aig-max-attempts", "3"))).response().status())
                .isEqualTo(400);
        assertThat(proxy(command("open", "openai")).response().status()).isEqualTo(503);
        assertThat(provider.requests).hasSize(2);
    }

    @Test
    void anUnreachableProviderIsAGatewayErrorAfterRetries() {
        provider.fails(new ProviderUnavailableException("could not reach api.openai.com", false),
                new ProviderUnavailableException("could not reach api.openai.com", false));
        assertFails(command("open", "openai", new Header("cf-aig-max-attempts", "2")), ErrorCode.PROVIDER_FAILED);
        assertThat(provider.requests).hasSize(2);
    }

    @Test
    void aSlowProviderIsATimeoutWithTheRequestedLimit() {
        provider.fails(new ProviderUnavailableException("no response", true));
        assertFails(command("open", "openai", new Header("cf-aig-request-timeout", "250")), ErrorCode.PROVIDER_TIMEOUT);
        assertThat(provider.timeouts).containsExactly(Optional.of(Duration.ofMillis(250)));
    }

    /** A provider that answers from a script, and records what it was sent. */
    private static final class ScriptedProvider implements CallProviderPort {
        final List<UpstreamRequest> requests = new ArrayList<>();
        final List<Optional<Duration>> timeouts = new ArrayList<>();
        final List<AtomicBoolean> discarded = new ArrayList<>();
        private final Deque<Object> script = new ArrayDeque<>();

        void answers(int... statuses) {
            for (int status : statuses) {
                script.add(status);
            }
        }

        void fails(RuntimeException... failures) {
            script.addAll(List.of(failures));
        }

        @Override
        public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request, Optional<Duration> timeout) {
            requests.add(request);
            timeouts.add(timeout);
            Object next = script.removeFirst();
            if (next instanceof RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
            AtomicBoolean cancelled = new AtomicBoolean();
            discarded.add(cancelled);
            Flow.Publisher<byte[]> body = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
            return CompletableFuture.completedFuture(new UpstreamResponse((Integer) next, Headers.EMPTY, body));
        }
    }
}
