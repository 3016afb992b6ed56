package dev.sluice.application.log;

import dev.sluice.application.pipeline.Settlement;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.exchange.ContentCodings;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.TokenUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records finished exchanges without making anyone wait: the request path hands over raw facts, which
 * queue in a bounded {@link BatchingWriter}; its thread works out the model, tokens and cost, counts the
 * metrics and writes batches to the store. The queue is bounded twice: by entries (an entry that does not
 * fit is dropped and counted) and by the bytes of bodies it holds (past that, new entries keep only what
 * their tokens are read from, and lose their bodies, counted too) so a burst of large answers cannot
 * exhaust memory.
 */
public final class ExchangeLog implements AutoCloseable {

    private static final String CONTENT_ENCODING = "Content-Encoding";

    /**
     * @param maxBodySize    bodies longer than this are kept cut to it (the entry says so)
     * @param maxQueuedBytes the bodies the queue may hold in all before new entries lose theirs
     * @param closeGrace     how long closing waits for the queue to be written
     */
    public record Limits(int maxBodySize, long maxQueuedBytes, Duration closeGrace) {

        /** The most a log may keep of a body: stores refuse a stored body that claims more as damaged. */
        public static final int LARGEST_BODY = 64 * 1024 * 1024;

        public Limits {
            if (maxBodySize < 0 || maxBodySize > LARGEST_BODY) {
                throw new IllegalArgumentException("sluice.logs.max-body-size must be between 0 and " + LARGEST_BODY
                        + " bytes, not " + maxBodySize);
            }
        }
    }

    private final StoreLogsPort store;
    private final RecordMetricsPort metrics;
    private final UsageMeter usage;
    private final ModelLocator models;
    private final PriceTable prices;
    private final Limits limits;
    private final BatchingWriter<Pending> writer;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong bodiesDropped = new AtomicLong();
    /** Answers still being read: at a stop, what is still streaming is logged as cut, not lost (see {@link #close}). */
    private final Set<ObservedBody> inFlight = ConcurrentHashMap.newKeySet();
    private final BatchingWriter.Listener listener;
    private final IntakeGate gate;
    /** Works out at once the entries whose limits wait for their cost ({@link Settlement#measures()}). */
    private final Settler settler;

    /** @param hold when new calls wait for the writer to catch up ({@link #room()}); {@link IntakeGate#NEVER} for never */
    public ExchangeLog(StoreLogsPort store, RecordMetricsPort metrics, UsageMeter usage, ModelLocator models,
                       PriceTable prices, Limits limits, BatchingWriter.Settings settings, IntakeGate.Settings hold,
                       BatchingWriter.Listener listener, ThreadFactory writerThread) {
        if (hold.holdAbove() >= settings.capacity()) {
            throw new IllegalArgumentException("sluice.logs.hold-requests-above (" + hold.holdAbove()
                    + ") must be below sluice.logs.queue-capacity (" + settings.capacity() + ")");
        }
        this.store = store;
        this.metrics = metrics;
        this.usage = usage;
        this.models = models;
        this.prices = prices;
        this.limits = limits;
        this.listener = listener;
        this.gate = new IntakeGate(hold, this::queued, queuedBytes::get);
        this.settler = new Settler(writerThread, settings.capacity());
        this.writer = new BatchingWriter<>(writerThread, new BatchingWriter.Sink<>() {
            @Override
            public void write(List<Pending> batch) {
                gate.active();
                long started = System.nanoTime();
                try {
                    List<LogWrite> writes = converted(batch);
                    gate.taken();
                    store.storeLogs(writes);
                } catch (RuntimeException | Error e) {
                    gate.failed();
                    throw e;
                }
                gate.written(batch.size(), System.nanoTime() - started);
            }

            @Override
            public void idle() {
                gate.idle();
                store.flush();
                gate.active();
            }

            @Override
            public boolean refuses(Throwable failure) {
                return failure instanceof LogsRefusedException;
            }

            @Override
            public int nextBatchSize(int configured) {
                return gate.batchSize(configured);
            }
        }, listener, settings);
    }

    /** A record waiting to be written; converted to an entry once, however often its batch is retried. */
    private final class Pending {
        private final ExchangeRecord record;
        private final long weight;
        private final boolean bodiesAvailable;
        private final Settlement settlement;
        private LogWrite converted;

        Pending(ExchangeRecord record, long weight, boolean bodiesAvailable, Settlement settlement) {
            this.record = record;
            this.weight = weight;
            this.bodiesAvailable = bodiesAvailable;
            this.settlement = settlement;
        }

        /** Worked out once, by the writer or the settler, whichever comes first. */
        synchronized LogWrite converted() {
            if (converted == null) {
                converted = convert(record, bodiesAvailable);
                queuedBytes.addAndGet(-weight);
                metrics.exchangeRecorded(converted.entry(), record.overhead());
                settlement.measured(converted.entry().usage(), converted.entry().cost());
            }
            return converted;
        }
    }

    /**
     * Complete at once while the writer keeps up. While it is behind but writing, completes (on the writer's thread)
     * once it has caught up: a call that waits for it before it starts cannot overflow the queue ({@link IntakeGate}).
     * The caller waits {@link #maxHold()} at most, on a timer of its own.
     */
    public CompletionStage<Void> room() {
        return gate.room();
    }

    /** The longest a call waits for {@link #room()}. */
    public Duration maxHold() {
        return gate.maxHold();
    }

    /** Calls that waited for the writer to catch up before they started. */
    public long held() {
        return gate.heldCalls();
    }

    /**
     * Of an answer's headers, all an entry needs to keep: those a provider reports tokens in, and its
     * {@code Content-Encoding} when it coded its body though asked for none ({@link CodedAnswers}).
     */
    Headers keptForEntry(Headers answer) {
        return answer.keep(header -> usage.reportsTokens(header)
                || header.is(CONTENT_ENCODING) && !ContentCodings.identity(header.value()));
    }

    /** Whether the headers an entry kept say its provider coded the body ({@link CodedAnswers}). */
    static boolean coded(Headers kept) {
        return !kept.all().isEmpty() && kept.first(CONTENT_ENCODING).isPresent();
    }

    public void record(ExchangeRecord record) {
        record(record, Settlement.NONE);
    }

    /** Records the exchange's last entry, settling its limits with its tokens and cost once they are worked out. */
    public void record(ExchangeRecord record, Settlement settlement) {
        long weight = record.weight();
        boolean bodiesAvailable = true;
        if (queuedBytes.get() + weight > limits.maxQueuedBytes()) {
            record = record.withoutBodies();
            weight = record.weight();
            bodiesAvailable = false;
            if (record.collection().payload()) {
                bodiesDropped.incrementAndGet();
            }
        }
        queuedBytes.addAndGet(weight);
        Pending pending = new Pending(record, weight, bodiesAvailable, settlement);
        if (!writer.offer(pending)) {
            queuedBytes.addAndGet(-weight);
            settlement.unmeasured();
        } else if (settlement.measures()) {
            settler.offer(pending::converted);
        }
    }

    /** The batch's entries, worked out once (their bodies' bytes then leave the queue's count). */
    private static List<LogWrite> converted(List<Pending> batch) {
        List<LogWrite> writes = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            writes.add(pending.converted());
        }
        return writes;
    }

    LogWrite convert(ExchangeRecord record, boolean bodiesAvailable) {
        ObservedBody.Seen response = CodedAnswers.decoded(record.response(),
                record.responseHeaders().first(CONTENT_ENCODING).orElse(null), limits.maxBodySize());
        String model = record.model().orElseGet(() -> models.locate(record.provider(), record.path(),
                record.request().body(), response.head()));
        boolean success = record.success() && !cutCodedStream(record, response);
        Optional<TokenUsage> tokens = measure(record, response, model, success);
        Cost cost = record.cached() ? Cost.ZERO : record.request().customCost()
                .map(custom -> custom.cost(tokens.orElse(TokenUsage.NONE)))
                .orElseGet(() -> tokens.flatMap(used -> prices.find(record.provider(), model)
                        .map(price -> Cost.of(used, price))).orElse(Cost.ZERO));
        Optional<LogBodies> bodies = record.collection().payload() && bodiesAvailable
                ? Optional.of(bodies(record, response)) : Optional.empty();
        LogEntry entry = new LogEntry(record.id(), record.gateway().ref(), record.createdAt(), record.provider(), model,
                record.path(), success, record.cached(), record.status(),
                tokens, cost,
                record.durationMillis(), record.request().metadata(), record.request().eventId(),
                record.request().contentType(), record.responseContentType(), record.request().body().length,
                record.response().size(), record.request().step(), record.attempt(), OptionalInt.empty(), Optional.empty(),
                record.request().userAgent(), record.request().authenticated(), bodies.isPresent());
        var settings = record.gateway().settings();
        return new LogWrite(entry, bodies, record.collection().collect(), settings.logManagement(),
                settings.logManagementStrategy(), record.gateway().createdAt());
    }

    /**
     * Whether an event stream its provider coded, which the request path could not read, decoded whole and turned out
     * to stop before its closing event or at an error ({@link StreamEnding}).
     */
    private static boolean cutCodedStream(ExchangeRecord record, ObservedBody.Seen decoded) {
        return decoded != record.response() && decoded.tail().length > 0
                && StreamEnding.failed(record.responseContentType(), decoded.forUsage());
    }

    /** @param success whether the answer was whole: a stream judged so (on the request path, or decoded) has ended */
    private Optional<TokenUsage> measure(ExchangeRecord record, ObservedBody.Seen response, String model,
                                         boolean success) {
        try {
            if (record.usage().isPresent()) {
                // Read by the surface from the answer it translated, which reports its output at its end as well: one
                // that stopped before it counts at least the text it relayed, as below.
                return ended(record, response, success) ? record.usage()
                        : record.usage().map(reported -> usage.atLeastRelayed(model, reported, response.forUsage()));
            }
            if (response.size() == 0) {
                return usage.reported(new byte[0], record.responseHeaders());
            }
            if (record.status() >= 200 && record.status() < 300 || response.cancelled()) {
                return Optional.of(ended(record, response, success) ? usage.measure(model, record.request().body(), response.forUsage(),
                        record.responseHeaders()) : usage.measureCut(model, record.request().body(),
                        response.forUsage(), record.responseHeaders()));
            }
            return usage.reported(response.forUsage(), record.responseHeaders());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the answer reached its end: a stream that stopped before its closing event (cut, left, failed midway)
     * may have reported only its start; one that reached it (a coalesced leader's, read on after its client left)
     * reported it all. A successful entry's stream was judged whole already, and is not read again.
     */
    private static boolean ended(ExchangeRecord record, ObservedBody.Seen response, boolean success) {
        return success || !StreamEnding.failed(record.responseContentType(), response.forUsage());
    }

    private LogBodies bodies(ExchangeRecord record, ObservedBody.Seen seen) {
        byte[] request = record.request().body();
        int max = limits.maxBodySize();
        byte[] response = seen.head();
        return new LogBodies(request.length <= max ? request : Arrays.copyOf(request, max), request.length <= max,
                response.length <= max ? response : Arrays.copyOf(response, max),
                seen.complete() && response.length <= max);
    }

    public int queued() {
        return writer.queued();
    }

    public long written() {
        return writer.written();
    }

    public long dropped() {
        return writer.dropped();
    }

    public long bodiesDropped() {
        return bodiesDropped.get();
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** The answer's body, kept track of until it ends. */
    ObservedBody track(ObservedBody body) {
        return body.tracked(inFlight);
    }

    /**
     * What is still streaming when the process stops (past the server's grace period) is logged as a cut answer
     * before the writer drains: the server that stops may never signal those bodies' end, and their entries were
     * neither written nor counted as dropped.
     */
    private void cutInFlight() {
        for (ObservedBody body : List.copyOf(inFlight)) {
            try {
                body.cutNow();
            } catch (RuntimeException e) {
                // Its event loop may still be writing what it keeps: that entry is lost (and said so), never the queue.
                listener.dropped(1, "it was still streaming at shutdown and could not be read (" + e + ")");
            }
        }
    }

    public void close(Duration grace) {
        try {
            cutInFlight();
        } finally {
            writer.close(grace);
            settler.close();
            gate.release();
        }
    }

    @Override
    public void close() {
        close(limits.closeGrace());
    }
}
