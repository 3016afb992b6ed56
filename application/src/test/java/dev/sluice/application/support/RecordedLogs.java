package dev.sluice.application.support;

import dev.sluice.domain.usage.UsageReader;
import dev.sluice.application.log.BatchingWriter;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.log.IntakeGate;
import dev.sluice.application.log.LogWrite;
import dev.sluice.application.log.LogsRefusedException;
import dev.sluice.application.log.StoreLogsPort;
import dev.sluice.application.log.UsageMeter;

import dev.sluice.domain.cost.ModelPrice;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.usage.ModelLocator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** A log store in a list, and an exchange log writing to it, for services under test. */
public final class RecordedLogs implements StoreLogsPort {

    public final List<LogWrite> writes = new CopyOnWriteArrayList<>();
    /** Entries the store refuses, as a database refuses a value: a batch holding one is not written. */
    public volatile Predicate<LogWrite> refused = write -> false;
    public final ExchangeLog log;
    /** How long the store takes to write each entry: a store slower than the traffic. */
    public volatile Duration perEntry = Duration.ZERO;
    /** When set, every write waits for it to open: a store that takes as long as the test says. */
    public volatile CountDownLatch writesWait;

    public RecordedLogs(JsonObjectReader json) {
        this(json, new ExchangeLog.Limits(1024 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));
    }

    public RecordedLogs(JsonObjectReader json, ExchangeLog.Limits limits) {
        this(json, limits, new BatchingWriter.Settings(10_000, 100, Duration.ofMillis(5), Duration.ofMillis(50)),
                IntakeGate.NEVER);
    }

    public RecordedLogs(JsonObjectReader json, ExchangeLog.Limits limits, BatchingWriter.Settings writer,
                        IntakeGate.Settings hold) {
        PriceTable prices = new PriceTable(Map.of("openai", Map.of("gpt-4o-mini",
                new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"),
                        Optional.empty(), Optional.empty()))));
        this.log = new ExchangeLog(this, (entry, overhead) -> { }, new UsageMeter(new UsageReader(json, List.of()), json, (model, text) ->
                text.isBlank() ? 0 : text.trim().split("\\s+").length), new ModelLocator(json, List.of()), prices, limits,
                writer, hold, new BatchingWriter.Listener() {
                    @Override
                    public void storeFailed(Throwable error, int attempt, int batchSize) {
                    }

                    @Override
                    public void dropped(long count, String reason) {
                    }
                }, TestPipelines::writerThread);
    }

    @Override
    public int storeLogs(List<LogWrite> batch) {
        if (batch.stream().anyMatch(refused)) {
            throw new LogsRefusedException("a value is refused", null);
        }
        CountDownLatch wait = writesWait;
        if (wait != null) {
            try {
                wait.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long pause = perEntry.toNanos() * batch.size();
        if (pause > 0) {
            LockSupport.parkNanos(pause);
        }
        writes.addAll(batch);
        return batch.size();
    }

    public List<LogWrite> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (writes.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return List.copyOf(writes);
    }
}
