package dev.sluice.application.log;

import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManageLogsServiceTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final GatewayRef GATEWAY = new GatewayRef(ACCOUNT, new GatewayId("default"));

    /** The ids the store was asked for. */
    private final List<String> asked = new ArrayList<>();

    /** As PostgreSQL answers text with a NUL in it: refused, which the API reports as the database's outage. */
    private String asPostgres(String id) {
        asked.add(id);
        if (id.indexOf('\0') >= 0) {
            throw new GatewayException(ErrorCode.STORE_UNAVAILABLE, "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        return id;
    }

    /** An empty log store that answers as PostgreSQL does to an id with a NUL. */
    private final QueryLogsPort store = new QueryLogsPort() {
        @Override
        public LogPage listLogs(GatewayRef gateway, LogQuery query) {
            return new LogPage(List.of(), 0, Optional.empty());
        }

        @Override
        public Optional<LogEntry> findLog(GatewayRef gateway, String id) {
            asPostgres(id);
            return Optional.empty();
        }

        @Override
        public Optional<LogBodies> findLogBodies(GatewayRef gateway, String id) {
            asPostgres(id);
            return Optional.empty();
        }

        @Override
        public boolean patchLog(GatewayRef gateway, String id, LogPatch patch) {
            asPostgres(id);
            return false;
        }

        @Override
        public long deleteLogs(GatewayRef gateway, LogQuery query) {
            return 0;
        }
    };

    /** The one gateway, {@code default}. */
    private final FindGatewaysPort gateways = new FindGatewaysPort() {
        private final Gateway only = Gateway.create(GATEWAY, GatewaySettings.defaults(), Instant.EPOCH);

        @Override
        public Optional<Gateway> findGateway(GatewayRef ref) {
            return Optional.of(only).filter(gateway -> gateway.ref().equals(ref));
        }

        @Override
        public GatewayPage findGateways(AccountId account, int page, int perPage, Optional<String> idContains) {
            return new GatewayPage(List.of(only), page, perPage, 1);
        }
    };

    private final ManageLogsService logs = new ManageLogsService(ACCOUNT, gateways, store);

    /** Found by a probe: the logs of an account that does not exist were "Gateway 'default' not found". */
    @Test
    void anUnknownAccountIsSaidToBeSo() {
        GatewayRef elsewhere = new GatewayRef(new AccountId("other"), new GatewayId("default"));
        assertThatThrownBy(() -> logs.get(elsewhere, "ab")).isInstanceOf(GatewayException.class)
                .hasMessage("Account 'other' not found");
    }

    /** Found by a probe: {@code GET …/logs/a%00b} was a 503 on PostgreSQL (a 404 on SQLite). No entry has such an id. */
    @Test
    void anIdWithANulIsAnEntryThatDoesNotExistOnEveryStore() {
        LogPatch feedback = new LogPatch(Optional.of(java.util.OptionalInt.of(1)), Optional.empty(), Optional.empty());
        for (Consumer<String> read : List.<Consumer<String>>of(id -> logs.get(GATEWAY, id),
                id -> logs.bodies(GATEWAY, id), id -> logs.patch(GATEWAY, id, feedback))) {
            assertThatThrownBy(() -> read.accept("a\0b")).isInstanceOfSatisfying(GatewayException.class,
                    e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> read.accept("ab")).isInstanceOfSatisfying(GatewayException.class,
                    e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    /**
     * Found by a probe: {@code GET …/logs/{id}} with the id in upper case was a 404. Ids are UUIDs, which RFC 9562
     * compares without regard to case, and Sluice stores them in lower case.
     */
    @Test
    void anIdInUpperCaseIsLookedForInLowerCase() {
        LogPatch feedback = new LogPatch(Optional.of(java.util.OptionalInt.of(1)), Optional.empty(), Optional.empty());
        String upper = "0193ABCD-EF01-7000-8000-00000000000A";
        for (Consumer<String> read : List.<Consumer<String>>of(id -> logs.get(GATEWAY, id),
                id -> logs.bodies(GATEWAY, id), id -> logs.patch(GATEWAY, id, feedback))) {
            assertThatThrownBy(() -> read.accept(upper)).isInstanceOf(GatewayException.class);
        }
        assertThat(asked).isNotEmpty().containsOnly("0193abcd-ef01-7000-8000-00000000000a");
    }
}
