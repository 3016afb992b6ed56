package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.analytics.AnalyticsWriters;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsStore;
import dev.sluice.adapters.store.jdbc.CommitUnconfirmedException;
import dev.sluice.adapters.store.jdbc.FaultyDataSource;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StoreException;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.GroupBy;
import dev.sluice.domain.analytics.Interval;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.log.LogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static dev.sluice.adapters.store.LogQueries.query;
import static dev.sluice.adapters.store.log.LogStoreContract.GW;
import static dev.sluice.adapters.store.log.LogStoreContract.T0;
import static dev.sluice.adapters.store.log.LogStoreContract.entry;
import static dev.sluice.adapters.store.log.LogStoreContract.keep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A log batch whose commit was sent and never confirmed (PostgreSQL's reply lost with its connection) is retried
 * like any failed batch, and stored once with its sums counted once, whether it had committed or not; run against
 * the embedded SQLite file and a real PostgreSQL by subclasses.
 */
abstract class UnconfirmedCommitContract {

    private DataSource dataSource;
    private FaultyDataSource faulty;

    protected abstract DataSource openDataSource();

    protected abstract void closeDataSource(DataSource dataSource) throws Exception;

    @BeforeEach
    void open() {
        dataSource = openDataSource();
        faulty = new FaultyDataSource(dataSource);
    }

    @AfterEach
    void close() throws Exception {
        closeDataSource(dataSource);
    }

    /**
     * The commit went through and its reply was lost; the retry (after the database could not be asked at first,
     * and with an entry that came meanwhile) finds it stored and skips its entries, where each failed on its own key
     * and the batch's sums, gathered in memory for the window, were lost.
     */
    @Test
    void aBatchRetriedAfterItsCommitsReplyWasLostIsStoredOnce() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ofHours(1));
        List<LogWrite> batch = unconfirmed(store, faulty::nextCommitLosesItsReply, 1, 2);
        faulty.nextConnectionFails();
        assertThatThrownBy(() -> store.storeLogs(batch)).isInstanceOf(StoreException.class);

        assertThat(store.storeLogs(batch(1, 2, 3))).isEqualTo(3);
        store.flush();
        assertStoredOnce(store, 3);
    }

    /** A commit lost before it reached the database is just as unconfirmed; its retry writes the batch whole. */
    @Test
    void aBatchRetriedAfterItsCommitWasLostIsStoredWhole() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ZERO);
        List<LogWrite> batch = unconfirmed(store, faulty::nextCommitIsLost, 1, 2);
        assertThat(ids(store)).isEmpty();

        assertThat(store.storeLogs(batch)).isEqualTo(2);
        assertStoredOnce(store, 2);
    }

    /**
     * The retry of a batch found committed fails too (its own commit lost, as it may be on a connection that broke
     * a moment before): the next retry still skips the entries the first commit stored.
     */
    @Test
    void aRetryThatFailsInTurnStillSkipsWhatTheFirstCommitStored() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ZERO);
        unconfirmed(store, faulty::nextCommitLosesItsReply, 1, 2);
        unconfirmed(store, faulty::nextCommitIsLost, 1, 2, 3);

        assertThat(store.storeLogs(batch(1, 2, 3, 4))).isEqualTo(4);
        assertStoredOnce(store, 4);
    }

    /**
     * A commit lost on its way, for a batch due to write the sums gathered before it: its entries are not found, so it
     * stays unresolved, and its retry stores them itself; the gathered sums it would have written are gathered again.
     */
    @Test
    void theGatheredSumsABatchWouldHaveWrittenAreWrittenLaterWhenItsRetryStoresItsEntries() {
        LogStores store = sumsOfEntryOneDueWithTheNextBatch();
        List<LogWrite> batch = unconfirmed(store, faulty::nextCommitIsLost, 2);

        assertThat(store.storeLogs(batch)).isEqualTo(1);
        store.flush();
        assertStoredOnce(store, 2);
    }

    /** Once the writer is idle (the retry came and went), nothing of a batch found committed is skipped any more. */
    @Test
    void whatWasSkippedIsForgottenWhenTheWriterIsIdle() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ZERO);
        unconfirmed(store, faulty::nextCommitLosesItsReply, 1);
        store.flush();
        new LogStores(dataSource).deleteAllLogs(GW);

        assertThat(store.storeLogs(List.of(keep(entry(1))))).isEqualTo(1);
        assertThat(ids(store)).containsExactly(entry(1).id());
    }

    /**
     * The sums written on their own when the writer is idle, their commit's reply lost and then their commit itself
     * lost: each time the next flush finds out from the transaction's marker, and the sums count once. Before the
     * marker, a transaction without entries could not be looked up, and its sums counted twice.
     */
    @Test
    void theSumsWrittenWhenIdleCountOnceWhateverHappenedToTheirCommit() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ofHours(1));
        assertThat(store.storeLogs(batch(1, 2))).isEqualTo(2);
        faulty.nextCommitLosesItsReply();
        assertThatThrownBy(store::flush).isInstanceOf(CommitUnconfirmedException.class);
        store.flush();
        assertStoredOnce(store, 2);

        assertThat(store.storeLogs(batch(3))).isEqualTo(1);
        faulty.nextCommitIsLost();
        assertThatThrownBy(store::flush).isInstanceOf(CommitUnconfirmedException.class);
        store.flush();
        assertStoredOnce(store, 3);
    }

    /**
     * A batch that inserted no entry (its gateway collects no logs) but wrote the sums that were due: its reply
     * lost, the retry finds its marker and skips it, and its entries count once in the sums.
     */
    @Test
    void aBatchOfEntriesNotKeptCountsOnceInTheSums() {
        LogStores store = sumsOfEntryOneDueWithTheNextBatch();
        List<LogWrite> notKept = unconfirmed(store, faulty::nextCommitLosesItsReply, List.of(new LogWrite(entry(2),
                Optional.empty(), false, OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING)));

        store.storeLogs(notKept);
        store.flush();
        assertThat(ids(store)).containsExactly(entry(1).id());
        assertThat(requests()).isEqualTo(2);
    }

    /**
     * A batch at a {@code DELETE_OLDEST} cap whose own transaction deleted its entries again (a cap of one, and the
     * batch's two entries older than the one stored): its reply lost, its entries cannot be found, but its marker
     * can, so the retry does not insert them again and their sums count once.
     */
    @Test
    void aBatchWhoseCapDeletedItsOwnEntriesIsFoundByItsMarker() {
        LogStores store = new LogStores(faulty.dataSource(), Duration.ZERO);
        store.storeLogs(List.of(capped(entry(3))));
        List<LogWrite> batch = unconfirmed(store, faulty::nextCommitLosesItsReply, List.of(capped(entry(1)),
                capped(entry(2))));

        store.storeLogs(batch);
        assertThat(ids(store)).containsExactly(entry(3).id());
        assertThat(requests()).isEqualTo(3);
    }

    /**
     * A marker not found is claimed, and the claim waits for a transaction still committing that marker: it says
     * committed when that transaction commits and not committed when it rolls back, so a commit slower than the
     * lookup is not counted twice.
     */
    @Test
    void aClaimWaitsForATransactionStillCommittingItsMarker() throws Exception {
        Jdbc jdbc = new Jdbc(dataSource);
        for (boolean commits : new boolean[] {true, false}) {
            long marker = new CommitMarkers(() -> System.currentTimeMillis() / 1000).next();
            try (Connection inFlight = dataSource.getConnection()) {
                inFlight.setAutoCommit(false);
                try (PreparedStatement insert = inFlight.prepareStatement(
                        "insert into log_commits (id, claim) values (?, false)")) {
                    insert.setLong(1, marker);
                    insert.executeUpdate();
                }
                CompletableFuture<Boolean> claim = CompletableFuture.supplyAsync(() -> CommitMarkers.committed(jdbc,
                        marker));
                Thread.sleep(300);
                assertThat(claim).as("waits for the transaction holding the marker").isNotDone();
                if (commits) {
                    inFlight.commit();
                } else {
                    inFlight.rollback();
                }
                inFlight.setAutoCommit(true);   // SQLite's driver begins the next transaction until then
                assertThat(claim.get(10, TimeUnit.SECONDS)).isEqualTo(commits);
            }
        }
    }

    /** A store that has entry 1 and its sums gathered, with the sums' window past: its next batch writes them. */
    private LogStores sumsOfEntryOneDueWithTheNextBatch() {
        AtomicLong clock = new AtomicLong();
        LogStores store = new LogStores(faulty.dataSource(),
                AnalyticsWriters.onClock(Duration.ofSeconds(1), clock::get));
        store.storeLogs(List.of(keep(entry(1))));
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        return store;
    }

    private static LogWrite capped(LogEntry entry) {
        return new LogWrite(entry, Optional.empty(), true, OptionalLong.of(1), LogManagementStrategy.DELETE_OLDEST);
    }

    /** A batch of the entries numbered {@code n}, whose commit {@code fault} leaves unconfirmed. */
    private static List<LogWrite> unconfirmed(LogStores store, Runnable fault, int... n) {
        return unconfirmed(store, fault, batch(n));
    }

    private static List<LogWrite> unconfirmed(LogStores store, Runnable fault, List<LogWrite> batch) {
        fault.run();
        assertThatThrownBy(() -> store.storeLogs(batch)).isInstanceOf(CommitUnconfirmedException.class);
        return batch;
    }

    private static List<LogWrite> batch(int... n) {
        return IntStream.of(n).mapToObj(i -> keep(entry(i))).toList();
    }

    private void assertStoredOnce(LogStores store, int entries) {
        List<String> expected = new ArrayList<>();
        for (int n = entries; n >= 1; n--) {
            expected.add(entry(n).id());
        }
        assertThat(ids(store)).containsExactlyElementsOf(expected);
        assertThat(requests()).as("requests in the analytics sums").isEqualTo(entries);
        assertThat(new Jdbc(dataSource).queryOne("select stored from log_counts", s -> { }, row -> row.getLong(1)))
                .as("the gateway's stored count").contains((long) entries);
    }

    private long requests() {
        return new JdbcAnalyticsStore(new Jdbc(dataSource)).report(new AnalyticsQuery(GW.account(),
                Optional.of(GW.id()), T0.minusSeconds(3600), T0.plusSeconds(7200), Interval.HOUR, GroupBy.NONE))
                .totals().requests();
    }

    private static List<String> ids(LogStores store) {
        return store.listLogs(GW, query("")).entries().stream().map(LogEntry::id).toList();
    }
}
