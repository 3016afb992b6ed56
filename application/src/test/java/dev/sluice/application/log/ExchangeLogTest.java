package dev.sluice.application.log;

import dev.sluice.application.pipeline.Settlement;
import dev.sluice.application.support.RealJson;
import dev.sluice.application.support.RecordedLogs;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeLogTest {

    private static final Gateway GATEWAY = Gateway.create(new GatewayRef(new AccountId("local"), new GatewayId("g")),
            GatewaySettings.defaults(), Instant.EPOCH);
    private static final String REQUEST = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANSWER = "{\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"hello there\"}}],"
            + "\"usage\":{\"prompt_tokens\":1000000,\"completion_tokens\":1000000}}";

    private static ExchangeRecord record(String answer, boolean cached, LogCollection collection,
                                         Optional<CustomCost> customCost) {
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        return new ExchangeRecord("id-" + System.nanoTime(), GATEWAY, collection, Instant.EPOCH, "openai",
                "v1/chat/completions", new ExchangeRecord.Request(REQUEST.getBytes(StandardCharsets.UTF_8), "ua",
                "application/json", false, Metadata.NONE, "e", customCost, 0), cached ? 0 : 1, cached, 200,
                "application/json", new ObservedBody.Seen(body, true, body, body.length, true), true, 12,
                Optional.of(Duration.ofNanos(100)), Optional.empty(), Optional.empty(), dev.sluice.domain.header.Headers.EMPTY);
    }

    private static LogWrite one(RecordedLogs logs, ExchangeRecord record) throws InterruptedException {
        logs.log.record(record);
        List<LogWrite> writes = logs.await(1);
        assertThat(writes).hasSize(1);
        return writes.get(0);
    }

    /** Stores refuse a stored body that claims more than this as damaged, so a log may not keep more. */
    @Test
    void aMaxBodySizeLargerThanStoresReadIsRefusedAtStart() {
        assertThatThrownBy(() -> new ExchangeLog.Limits(ExchangeLog.Limits.LARGEST_BODY + 1, 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sluice.logs.max-body-size");
        assertThatThrownBy(() -> new ExchangeLog.Limits(-1, 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ExchangeLog.Limits(ExchangeLog.Limits.LARGEST_BODY, 10, Duration.ofSeconds(1)).maxBodySize())
                .isEqualTo(ExchangeLog.Limits.LARGEST_BODY);
    }

    /**
     * Found by a probe: an Anthropic stream its client left (or that failed midway) reports its output only at its
     * end, so the entry had message_start's 1 output token after 40 deltas. A stream that stopped before its closing
     * event counts at least the text it relayed; one that reached it keeps its report.
     */
    @Test
    void aStreamCutBeforeItsEndCountsAtLeastTheTextItRelayed() throws Exception {
        // Its start reports 1 output token, as Anthropic's message_start does; its deltas follow.
        String started = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":1}}\n\ndata: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"one two three four five six\"}}]}\n\n";
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        assertThat(one(logs, streamed(started, 499, true)).entry().usage()).contains(new TokenUsage(10, 6, 0, 0, true));
        RecordedLogs ended = new RecordedLogs(RealJson::read);
        assertThat(one(ended, streamed(started + "data: [DONE]\n\n", 499, true)).entry().usage())
                .as("read on to its end after its client left").contains(TokenUsage.reported(10, 1));
    }

    /**
     * Found by a probe: through the unified API the surface reads the tokens from the stream it translates, and an
     * Anthropic stream left after 7 deltas was logged with message_start's 1 output token (Gemini's with 0); the
     * same stream on the native route counted its text.
     */
    @Test
    void aTranslatedStreamCutBeforeItsEndCountsAtLeastTheTextItRelayed() throws Exception {
        String relayed = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"one two three four five six\"}}]}\n\n";
        Optional<TokenUsage> started = Optional.of(TokenUsage.reported(10, 1));
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        assertThat(one(logs, streamed(relayed, 499, true, started)).entry().usage())
                .contains(new TokenUsage(10, 6, 0, 0, true));
        RecordedLogs ended = new RecordedLogs(RealJson::read);
        assertThat(one(ended, streamed(relayed + "data: [DONE]\n\n", 499, true, started)).entry().usage())
                .as("its end reached, what it reported stands").isEqualTo(started);
    }

    private static ExchangeRecord streamed(String stream, int status, boolean cancelled) {
        return streamed(stream, status, cancelled, Optional.empty());
    }

    /** @param translated the tokens the surface read from the answer it translated, if it did */
    private static ExchangeRecord streamed(String stream, int status, boolean cancelled,
                                           Optional<TokenUsage> translated) {
        byte[] body = stream.getBytes(StandardCharsets.UTF_8);
        ExchangeRecord base = record(stream, false, new LogCollection(true, true), Optional.empty());
        return new ExchangeRecord(base.id(), GATEWAY, base.collection(), Instant.EPOCH, "openai", "v1/chat/completions",
                base.request(), 1, false, status, "text/event-stream",
                new ObservedBody.Seen(body, true, body, body.length, !cancelled, cancelled, false), false, 12,
                Optional.of(Duration.ofNanos(100)), Optional.empty(), translated, dev.sluice.domain.header.Headers.EMPTY);
    }

    @Test
    void tokensAndCostAreWorkedOutOffTheRequestPath() throws Exception {
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        LogWrite write = one(logs, record(ANSWER, false, new LogCollection(true, true), Optional.empty()));
        assertThat(write.entry().model()).isEqualTo("gpt-4o-mini");
        assertThat(write.entry().usage().orElseThrow().input()).isEqualTo(1_000_000);
        assertThat(write.entry().cost().usd()).isEqualByComparingTo("0.75");
        assertThat(write.bodies().orElseThrow().response()).isEqualTo(ANSWER.getBytes(StandardCharsets.UTF_8));
        assertThat(write.keep()).isTrue();
    }

    /**
     * Found by a probe: a spend reservation was replaced by the real cost only when the writer reached the entry, after
     * the batch it was writing, so a client's next request to a tight budget was refused on the last one's
     * reservation. An entry whose limits wait for its cost is measured at once, whatever the writer is doing.
     */
    @Test
    @Timeout(30)
    void anEntryWhoseLimitsWaitForItsCostIsMeasuredWhileTheWriterIsBusy() throws Exception {
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        logs.writesWait = new CountDownLatch(1);
        logs.log.record(record(ANSWER, false, new LogCollection(true, true), Optional.empty()));
        Thread.sleep(200); // the writer took it and is in the store
        CompletableFuture<Cost> waiting = new CompletableFuture<>();
        CompletableFuture<Cost> notWaiting = new CompletableFuture<>();
        logs.log.record(record(ANSWER, false, new LogCollection(true, true), Optional.empty()), measured(waiting, true));
        logs.log.record(record(ANSWER, false, new LogCollection(true, true), Optional.empty()), measured(notWaiting, false));

        assertThat(waiting.get(5, TimeUnit.SECONDS).usd()).isEqualByComparingTo("0.75");
        Thread.sleep(200);
        assertThat(notWaiting).as("measured when the writer reaches it").isNotDone();
        logs.writesWait.countDown();
        assertThat(notWaiting.get(5, TimeUnit.SECONDS).usd()).isEqualByComparingTo("0.75");
        assertThat(logs.await(3)).hasSize(3);
    }

    private static Settlement measured(CompletableFuture<Cost> cost, boolean measures) {
        return new Settlement() {
            @Override
            public void ended() {
            }

            @Override
            public void measured(Optional<TokenUsage> tokens, Cost measured) {
                cost.complete(measured);
            }

            @Override
            public void unmeasured() {
            }

            @Override
            public boolean measures() {
                return measures;
            }
        };
    }

    @Test
    void aCacheHitCostsNothingAndACustomCostWins() throws Exception {
        RecordedLogs hits = new RecordedLogs(RealJson::read);
        assertThat(one(hits, record(ANSWER, true, new LogCollection(true, true), Optional.empty())).entry().cost().usd())
                .isZero();
        RecordedLogs custom = new RecordedLogs(RealJson::read);
        LogWrite write = one(custom, record(ANSWER, false, new LogCollection(true, true),
                Optional.of(CustomCost.parse("{\"total_cost\":0.5}", RealJson::read))));
        assertThat(write.entry().cost().usd()).isEqualByComparingTo("0.5");
        assertThat(write.entry().cost().custom()).isTrue();
    }

    @Test
    void payloadAndCollectionSwitchesAreHonoured() throws Exception {
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        LogWrite noPayload = one(logs, record(ANSWER, false, new LogCollection(true, false), Optional.empty()));
        assertThat(noPayload.bodies()).isEmpty();
        assertThat(noPayload.entry().payloadStored()).isFalse();
        assertThat(noPayload.entry().usage()).isPresent();
        RecordedLogs off = new RecordedLogs(RealJson::read);
        LogWrite notKept = one(off, record(ANSWER, false, new LogCollection(false, false), Optional.empty()));
        assertThat(notKept.keep()).isFalse();
        assertThat(notKept.entry().usage().orElseThrow().output()).isEqualTo(1_000_000);
    }

    @Test
    void pastItsByteBudgetTheQueueKeepsEntriesButNotTheirBodies() throws Exception {
        RecordedLogs logs = new RecordedLogs(RealJson::read, new ExchangeLog.Limits(1 << 20, 10,
                Duration.ofSeconds(1)));
        LogWrite write = one(logs, record(ANSWER, false, new LogCollection(true, true), Optional.empty()));
        assertThat(write.bodies()).isEmpty();
        assertThat(write.entry().usage().orElseThrow().input()).as("tokens are still read").isEqualTo(1_000_000);
        assertThat(logs.log.bodiesDropped()).isEqualTo(1);
        assertThat(logs.log.queuedBytes()).isZero();
    }

    @Test
    void closingWritesWhatWasAccepted() {
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        for (int i = 0; i < 500; i++) {
            logs.log.record(record(ANSWER, false, new LogCollection(true, true), Optional.empty()));
        }
        logs.log.close();
        assertThat(logs.writes).hasSize(500);
        assertThat(logs.log.dropped()).isZero();
    }

    /**
     * Entries the store refuses spread so that every piece of a probe holds one: the store says they are refused
     * ({@link LogsRefusedException}), so they are found and dropped and the rest is written, where before the
     * batch was retried until the queue overflowed.
     */
    @Test
    void entriesTheStoreRefusesInEveryPieceAreDroppedAndTheRestWritten() {
        RecordedLogs logs = new RecordedLogs(RealJson::read);
        List<ExchangeRecord> records = new ArrayList<>();
        Set<String> refusedIds = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ExchangeRecord record = record(ANSWER, false, new LogCollection(true, true), Optional.empty());
            records.add(record);
            if (i % 5 == 2) {
                refusedIds.add(record.id());
            }
        }
        logs.refused = write -> refusedIds.contains(write.entry().id());
        records.forEach(logs.log::record);
        logs.log.close();
        assertThat(logs.writes).hasSize(80).noneMatch(write -> refusedIds.contains(write.entry().id()));
        assertThat(logs.log.dropped()).isEqualTo(20);
    }

    /**
     * Eight callers as fast as they can go against a store that takes 0.2 ms an entry and a queue of 200: without the
     * gate the queue overflows and entries are dropped; with it, each caller waits for room before its call, and every
     * entry is written.
     */
    @Test
    @Timeout(60)
    void withAHoldMarkCallersWaitForAWriterThatIsBehindAndNothingIsDropped() throws Exception {
        assertThat(fastCallersAgainstASlowStore(IntakeGate.NEVER)).as("dropped without the gate").isPositive();
        assertThat(fastCallersAgainstASlowStore(new IntakeGate.Settings(50, 0, Duration.ofSeconds(2))))
                .as("dropped with the gate").isZero();
    }

    private static long fastCallersAgainstASlowStore(IntakeGate.Settings hold) throws Exception {
        int callers = 8;
        int calls = 300;
        RecordedLogs logs = new RecordedLogs(RealJson::read, new ExchangeLog.Limits(1 << 20, 64L << 20,
                Duration.ofSeconds(30)), new BatchingWriter.Settings(200, 100, Duration.ofMillis(5),
                Duration.ofMillis(50)), hold);
        logs.perEntry = Duration.ofNanos(200_000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    logs.log.room().toCompletableFuture().join();
                    logs.log.record(record(ANSWER, false, new LogCollection(true, true), Optional.empty()));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        logs.log.close();
        assertThat(logs.writes.size() + logs.log.dropped()).isEqualTo((long) callers * calls);
        if (hold.holdAbove() > 0) {
            assertThat(logs.log.held()).as("callers were held").isPositive();
        }
        return logs.log.dropped();
    }
}
