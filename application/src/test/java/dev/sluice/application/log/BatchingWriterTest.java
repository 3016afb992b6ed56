package dev.sluice.application.log;

import dev.sluice.application.support.TestPipelines;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchingWriterTest {

    private final List<Integer> stored = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong droppedReported = new AtomicLong();
    private final List<String> dropReasons = new CopyOnWriteArrayList<>();
    private final BatchingWriter.Listener listener = new BatchingWriter.Listener() {
        @Override
        public void storeFailed(Throwable error, int attempt, int batchSize) {
            failures.incrementAndGet();
        }

        @Override
        public void dropped(long count, String reason) {
            droppedReported.addAndGet(count);
            dropReasons.add(reason);
        }
    };

    private BatchingWriter<Integer> writer(BatchingWriter.Sink<Integer> sink, int capacity) {
        return new BatchingWriter<>(TestPipelines::writerThread, sink, listener,
                new BatchingWriter.Settings(capacity, 100, Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    private void store(List<Integer> batch) {
        batchSizes.add(batch.size());
        stored.addAll(batch);
    }

    /** A store down while {@code down} holds, else refusing any batch that holds one of {@code refused}. */
    private BatchingWriter.Sink<Integer> refusing(AtomicBoolean down, Integer... refused) {
        return refusing(down, IllegalStateException::new, refused);
    }

    /** As {@link #refusing(AtomicBoolean, Integer...)}, each refusal thrown as {@code refusal} makes it. */
    private BatchingWriter.Sink<Integer> refusing(AtomicBoolean down, Function<String, RuntimeException> refusal,
                                                  Integer... refused) {
        return batch -> {
            if (down.get()) {
                throw new IllegalStateException("database is down");
            }
            for (Integer record : refused) {
                if (batch.contains(record)) {
                    throw refusal.apply("refused " + record);
                }
            }
            store(batch);
        };
    }

    private void awaitFailures(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (failures.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(failures.get()).as("failed writes").isGreaterThanOrEqualTo(count);
    }

    @Test
    void writesEverythingOfferedInBatchesAndCloseWaitsForIt() {
        BatchingWriter<Integer> writer = writer(this::store, 10_000);
        for (int i = 0; i < 5_000; i++) {
            assertThat(writer.offer(i)).isTrue();
        }
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(5_000).doesNotHaveDuplicates();
        assertThat(batchSizes).allMatch(size -> size <= 100);
        assertThat(writer.written()).isEqualTo(5_000);
        assertThat(writer.dropped()).isZero();
        assertThat(writer.offer(1)).as("closed writers take nothing").isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
    }

    @Test
    void aStoreOutageIsRetriedUntilItRecoversAndNothingIsLost() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        BatchingWriter<Integer> writer = writer(batch -> {
            if (down.get()) {
                throw new IllegalStateException("database is down");
            }
            store(batch);
        }, 10_000);
        for (int i = 0; i < 300; i++) {
            writer.offer(i);
        }
        Thread.sleep(300);
        assertThat(failures.get()).isGreaterThan(1);
        assertThat(stored).isEmpty();
        down.set(false);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(300);
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void anErrorFromTheStoreIsRetriedLikeAnyFailureAndTheWriterLivesOn() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger idles = new AtomicInteger();
        BatchingWriter<Integer> writer = writer(new BatchingWriter.Sink<>() {
            @Override
            public void write(List<Integer> batch) {
                if (writes.incrementAndGet() == 1) {
                    throw new OutOfMemoryError("planted: Java heap space");
                }
                store(batch);
            }

            @Override
            public void idle() {
                if (idles.incrementAndGet() == 1) {
                    throw new StackOverflowError("planted");
                }
            }
        }, 10_000);
        writer.offer(1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (idles.get() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        writer.offer(2);
        writer.close(Duration.ofSeconds(5));

        assertThat(stored).containsExactly(1, 2);
        assertThat(failures.get()).as("the error and the idle work's error, each reported").isEqualTo(2);
        assertThat(idles.get()).as("idle work goes on after an error").isGreaterThan(1);
        assertThat(writer.dropped()).isZero();
    }

    /**
     * A record the store will never take (PostgreSQL refused a NUL in text, at every retry): it is found by writing
     * halves, dropped and counted, and everything around it is written, also after an outage that hid it.
     */
    @Test
    void recordsTheStoreRefusesAreDroppedAndEverythingElseIsWritten() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        BatchingWriter<Integer> writer = writer(refusing(down, 13, 177), 10_000);
        for (int i = 0; i < 300; i++) {
            writer.offer(i);
        }
        Thread.sleep(300);
        assertThat(stored).as("down: halves are refused too, and nothing is dropped").isEmpty();
        assertThat(writer.dropped()).isZero();
        down.set(false);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(298).doesNotHaveDuplicates().doesNotContain(13, 177);
        assertThat(writer.written()).isEqualTo(298);
        assertThat(writer.dropped()).isEqualTo(2);
        assertThat(droppedReported.get()).isEqualTo(2);
        assertThat(dropReasons).as("each names its own refusal")
                .anyMatch(reason -> reason.contains("refused 13")).anyMatch(reason -> reason.contains("refused 177"));
    }

    /**
     * Refused records in both halves of a batch: no half is taken, so the next probe writes quarters, and the
     * store taking those shows it is up.
     */
    @Test
    void refusedRecordsInEveryHalfAreFoundWithSmallerPieces() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        BatchingWriter<Integer> writer = writer(refusing(down, 10, 90), 10_000);
        for (int i = 0; i < 100; i++) {
            writer.offer(i);
        }
        // While the store is down, the batch takes in everything queued at its first probe: 0 to 99, one batch.
        awaitFailures(2 * BatchingWriter.PROBE_AFTER);
        down.set(false);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(98).doesNotHaveDuplicates().doesNotContain(10, 90);
        assertThat(writer.dropped()).isEqualTo(2);
    }

    /** What a store throws for a record it refuses, where it says so ({@link BatchingWriter.Sink#refuses}). */
    private static final class Refusal extends IllegalStateException {
        Refusal(String message) {
            super(message);
        }
    }

    /** 2, 7, 12, … 97: one in every piece of a hundred records cut in sixteen. */
    private static Integer[] everyFifth() {
        return IntStream.range(0, 100).filter(i -> i % 5 == 2).boxed().toArray(Integer[]::new);
    }

    /** 0 to 99, 2 first: the writer's first batch, whatever it takes before the rest arrive, holds a refused one. */
    private static void offerRefusedFirst(BatchingWriter<Integer> writer) {
        writer.offer(2);
        IntStream.range(0, 100).filter(i -> i != 2).forEach(writer::offer);
    }

    /** As {@link #refusing}, saying of its refusals that they are refusals. */
    private BatchingWriter.Sink<Integer> sayingItRefuses(AtomicBoolean down, Integer... refused) {
        BatchingWriter.Sink<Integer> refusing = refusing(down, Refusal::new, refused);
        return new BatchingWriter.Sink<>() {
            @Override
            public void write(List<Integer> batch) {
                refusing.write(batch);
            }

            @Override
            public boolean refuses(Throwable failure) {
                return failure instanceof Refusal;
            }
        };
    }

    /**
     * Refused records in every one of the most pieces a probe writes: none is taken, but where the store says it
     * refuses a record in each, they are narrowed down all the same, not retried until the queue overflows.
     */
    @Test
    void refusedRecordsInEveryPieceAreFoundWhereTheStoreSaysItRefusesThem() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Integer[] everyFifth = everyFifth();
        BatchingWriter<Integer> writer = writer(sayingItRefuses(down, everyFifth), 10_000);
        for (int i = 0; i < 100; i++) {
            writer.offer(i);
        }
        awaitFailures(BatchingWriter.PROBE_AFTER);
        assertThat(writer.dropped()).as("down: nothing is dropped").isZero();
        down.set(false);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(80).doesNotHaveDuplicates().doesNotContain(everyFifth);
        assertThat(writer.dropped()).isEqualTo(20);
    }

    /**
     * Every piece refused, then the store down while they are narrowed down: where no piece was taken, only a
     * record said to be refused is dropped; the others stay in the batch and are written once the store is back.
     */
    @Test
    void recordsThatFailOtherwiseWhileRefusedPiecesAreNarrowedStayInTheBatch() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        AtomicBoolean back = new AtomicBoolean(false);
        AtomicBoolean down = new AtomicBoolean(false);
        BatchingWriter.Sink<Integer> refusing = sayingItRefuses(down, everyFifth());
        BatchingWriter<Integer> writer = writer(new BatchingWriter.Sink<>() {
            @Override
            public void write(List<Integer> batch) {
                // Three whole tries and the first probe's two pieces, then down until told otherwise.
                down.set(writes.incrementAndGet() > BatchingWriter.PROBE_AFTER + 2 && !back.get());
                refusing.write(batch);
            }

            @Override
            public boolean refuses(Throwable failure) {
                return refusing.refuses(failure);
            }
        }, 10_000);
        offerRefusedFirst(writer);
        // The probe's two pieces refused, their four halves failing while down, then the batch retried whole.
        awaitFailures(BatchingWriter.PROBE_AFTER + 2 + 4 + 2);
        assertThat(writer.dropped()).as("failed while down: kept").isZero();
        back.set(true);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(80).doesNotHaveDuplicates();
        assertThat(writer.dropped()).isEqualTo(20);
    }

    /** A refusal in every piece where the store says nothing of refusing: it may be down, so nothing is dropped. */
    @Test
    void failuresInEveryPieceThatAreNotRefusalsDropNothing() throws Exception {
        Integer[] everyFifth = everyFifth();
        BatchingWriter<Integer> writer = writer(refusing(new AtomicBoolean(false), everyFifth), 10_000);
        offerRefusedFirst(writer);
        awaitFailures(8 * BatchingWriter.PROBE_AFTER);
        assertThat(stored).isEmpty();
        assertThat(writer.dropped()).isZero();
        writer.close(Duration.ofMillis(100));
        assertThat(writer.dropped()).as("what shutdown's deadline left").isEqualTo(100);
    }

    /** A batch of one cannot be halved: the records that came meanwhile are what it is compared with. */
    @Test
    void aRefusedRecordAloneIsComparedWithTheRecordsThatCameAfterIt() throws Exception {
        BatchingWriter<Integer> writer = writer(refusing(new AtomicBoolean(false), 13), 10_000);
        writer.offer(13);
        awaitFailures(BatchingWriter.PROBE_AFTER);
        assertThat(writer.dropped()).as("alone, it may be the store that is down").isZero();
        writer.offer(14);
        writer.offer(15);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).containsExactly(14, 15);
        assertThat(writer.dropped()).isEqualTo(1);
    }

    /** Alone, but said to be refused: dropped without waiting for records to compare it with. */
    @Test
    void aRecordAloneTheStoreSaysItRefusesIsDropped() throws Exception {
        BatchingWriter<Integer> writer = writer(sayingItRefuses(new AtomicBoolean(false), 13), 10_000);
        writer.offer(13);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.dropped() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(writer.dropped()).isEqualTo(1);
        writer.offer(14);
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).containsExactly(14);
    }

    @Test
    void aFullQueueRefusesAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchingWriter<Integer> writer = writer(batch -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store(batch);
        }, 10);
        int accepted = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            accepted += writer.offer(i) ? 1 : 0;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(accepted).isLessThan(100);
        assertThat(writer.dropped()).isEqualTo(100 - accepted);
        assertThat(droppedReported.get()).isEqualTo(100 - accepted);
        release.countDown();
        writer.close(Duration.ofSeconds(5));
        assertThat(stored).hasSize(accepted);
    }

    @Test
    void whatAStoreThatStaysDownCannotTakeByTheDeadlineIsCounted() {
        BatchingWriter<Integer> writer = writer(batch -> {
            throw new IllegalStateException("still down");
        }, 10_000);
        for (int i = 0; i < 250; i++) {
            writer.offer(i);
        }
        long started = System.nanoTime();
        writer.close(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(writer.written()).isZero();
        assertThat(writer.dropped()).isEqualTo(250);
        assertThat(droppedReported.get()).isEqualTo(250);
    }

    /**
     * A batch of records the store refuses one by one, slowly, is narrowed down two writes a record: at shutdown's
     * deadline the narrowing stops and what is left is counted as dropped, where before it went on writing for
     * seconds after close had returned.
     */
    @Test
    void narrowingARefusedBatchDownStopsAtShutdownsDeadline() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        BatchingWriter.Sink<Integer> slowRefusing = new BatchingWriter.Sink<>() {
            @Override
            public void write(List<Integer> batch) {
                writes.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new Refusal("refused " + batch.get(0));
            }

            @Override
            public boolean refuses(Throwable failure) {
                return failure instanceof Refusal;
            }
        };
        BatchingWriter<Integer> writer = writer(slowRefusing, 10_000);
        for (int i = 0; i < 100; i++) {
            writer.offer(i);
        }
        writer.close(Duration.ofMillis(300));
        int atClose = writes.get();
        Thread.sleep(500);
        assertThat(writes.get() - atClose).as("writes after close returned (one may be under way)").isLessThanOrEqualTo(2);
        assertThat(writer.dropped()).isEqualTo(100);
        assertThat(writer.written()).isZero();
    }
}
