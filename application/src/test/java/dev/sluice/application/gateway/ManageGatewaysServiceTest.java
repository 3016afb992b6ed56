package dev.sluice.application.gateway;

import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManageGatewaysServiceTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private final InMemoryGateways store = new InMemoryGateways();
    private final InMemoryResponseCache cache = new InMemoryResponseCache();
    private final ManageGatewaysService service = new ManageGatewaysService(ACCOUNT, store, store, cache, gateway -> 0,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static GatewayRef ref(String id) {
        return new GatewayRef(ACCOUNT, new GatewayId(id));
    }

    private static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void provisioningCreatesTheDefaultGatewayAndAppliesConfiguredOnes() {
        GatewaySettings cached = new GatewaySettings(3600, false, true, 0, 0,
                GatewaySettings.defaults().rateLimitingTechnique(), true, GatewaySettings.defaults().logManagement(),
                GatewaySettings.defaults().logManagementStrategy(), false, Optional.empty(), 1, 0,
                GatewaySettings.defaults().retryBackoff());
        service.provision(Map.of(new GatewayId("prod"), cached));
        assertThat(service.get(ref("default")).isDefault()).isTrue();
        assertThat(service.get(ref("prod")).settings()).isEqualTo(cached);

        service.provision(Map.of(new GatewayId("prod"), GatewaySettings.defaults()));
        assertThat(service.get(ref("prod")).settings()).isEqualTo(GatewaySettings.defaults());
    }

    private static GatewaySettings invalidatingOnUpdate(boolean invalidate) {
        GatewaySettings d = GatewaySettings.defaults();
        return new GatewaySettings(3600, invalidate, d.collectLogs(), d.rateLimitingIntervalSeconds(),
                d.rateLimitingLimit(), d.rateLimitingTechnique(), d.authentication(), d.logManagement(),
                d.logManagementStrategy(), d.logpush(), d.logpushPublicKey(), d.retryMaxAttempts(), d.retryDelayMs(),
                d.retryBackoff());
    }

    @Test
    void anUpdateDropsTheCacheOnlyWhenTheGatewayAsksForIt() {
        service.create(ref("keep"), invalidatingOnUpdate(false));
        service.update(ref("keep"), invalidatingOnUpdate(false));
        assertThat(cache.purged).isEmpty();
        service.create(ref("fresh"), invalidatingOnUpdate(true));
        service.update(ref("fresh"), invalidatingOnUpdate(true));
        assertThat(cache.purged).containsExactly(ref("fresh"));
    }

    @Test
    void purgingNeedsAnExistingGatewayAndDeletingPurges() {
        assertCode(() -> service.purgeCache(ref("nope")), ErrorCode.NOT_FOUND);
        service.create(ref("gone"), GatewaySettings.defaults());
        service.purgeCache(ref("gone"));
        service.delete(ref("gone"));
        assertThat(cache.purged).containsExactly(ref("gone"), ref("gone"));
    }

    @Test
    void anUnreachableCacheIsReportedNotIgnored() {
        ManageGatewaysService withBrokenCache = new ManageGatewaysService(ACCOUNT, store, store, gateway -> {
            throw new CacheUnavailableException("redis://127.0.0.1:1 refused the connection", null);
        }, gateway -> 0, Clock.systemUTC());
        withBrokenCache.create(ref("b"), invalidatingOnUpdate(true));
        assertCode(() -> withBrokenCache.purgeCache(ref("b")), ErrorCode.CACHE_UNAVAILABLE);
        assertCode(() -> withBrokenCache.update(ref("b"), invalidatingOnUpdate(true)), ErrorCode.CACHE_UNAVAILABLE);
        assertThat(withBrokenCache.get(ref("b")).settings()).isEqualTo(invalidatingOnUpdate(true));
    }

    @Test
    void createRefusesDuplicatesAndOtherAccounts() {
        service.create(ref("a"), GatewaySettings.defaults());
        assertCode(() -> service.create(ref("a"), GatewaySettings.defaults()), ErrorCode.CONFLICT);
        assertCode(() -> service.create(new GatewayRef(new AccountId("other"), new GatewayId("a")),
                GatewaySettings.defaults()), ErrorCode.NOT_FOUND);
    }

    @Test
    void theDefaultGatewayCanChangeButNotBeDeleted() {
        service.provision(Map.of());
        service.update(ref("default"), GatewaySettings.defaults().withAuthentication(true));
        assertThat(service.get(ref("default")).settings().authentication()).isTrue();
        assertCode(() -> service.delete(ref("default")), ErrorCode.CONFLICT);
    }

    @Test
    void deleteReturnsTheGatewayAndThenItIsGone() {
        service.create(ref("gone"), GatewaySettings.defaults());
        assertThat(service.delete(ref("gone")).ref()).isEqualTo(ref("gone"));
        assertCode(() -> service.get(ref("gone")), ErrorCode.NOT_FOUND);
    }

    @Test
    void listQueriesCheckTheirBounds() {
        assertCode(() -> new ListGatewaysQuery(ACCOUNT, 0, 20, Optional.empty()), ErrorCode.INVALID_BODY);
        assertCode(() -> new ListGatewaysQuery(ACCOUNT, 1, 101, Optional.empty()), ErrorCode.INVALID_BODY);
    }

    private static final class InMemoryGateways implements FindGatewaysPort, StoreGatewayPort {
        private final Map<GatewayRef, Gateway> gateways = new LinkedHashMap<>();

        @Override
        public Optional<Gateway> findGateway(GatewayRef ref) {
            return Optional.ofNullable(gateways.get(ref));
        }

        @Override
        public GatewayPage findGateways(AccountId account, int page, int perPage, Optional<String> idContains) {
            var items = gateways.values().stream().toList();
            return new GatewayPage(items, page, perPage, items.size());
        }

        @Override
        public boolean insertGateway(Gateway gateway) {
            return gateways.putIfAbsent(gateway.ref(), gateway) == null;
        }

        @Override
        public void updateGateway(Gateway gateway) {
            gateways.put(gateway.ref(), gateway);
        }

        @Override
        public boolean deleteGateway(GatewayRef ref) {
            return gateways.remove(ref) != null;
        }
    }
}
