package dev.sluice.application.log;

import dev.sluice.application.pipeline.AttemptObserver;
import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.chat.ErrorEventScanner;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.HeaderText;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.limits.RateLimitedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One call's log entries: an entry for each attempt that was retried or failed outright, as it ends, and
 * one for the answer served once its body has ended. Also measures the gateway's own overhead: the time
 * the call spent outside the provider.
 */
final class ExchangeObserver implements AttemptObserver {

    private final Exchange exchange;
    private final ExchangeLog log;
    private final RequestIds ids;
    private final ExchangeRecord.Request request;
    private volatile long upstreamNanos;
    private volatile int lastAttempt;
    private volatile long attemptStarted;

    ExchangeObserver(Exchange exchange, ExchangeLog log, RequestIds ids) {
        this.exchange = exchange;
        this.log = log;
        this.ids = ids;
        var call = exchange.call();
        this.request = new ExchangeRecord.Request(call.body(), HeaderText.shown(call.headers().first("user-agent").orElse("")),
                call.headers().first("content-type").orElse(""), exchange.gateway().settings().authentication(),
                exchange.policy().metadata(), exchange.eventId(), exchange.customCost(), call.options().step());
        this.attemptStarted = exchange.startedNanos();
    }

    /** A retry's entry starts when it is sent, after the pause before it. */
    @Override
    public void started(int attempt) {
        attemptStarted = System.nanoTime();
    }

    @Override
    public void answered(int attempt, int status, long nanos, boolean retrying) {
        upstreamNanos += nanos;
        lastAttempt = attempt;
        if (retrying) {
            record(ids.next(), attempt, false, status, "", ObservedBody.Seen.NOTHING, false, Optional.empty(),
                    Headers.EMPTY);
            attemptStarted = System.nanoTime();
        }
    }

    @Override
    public void unanswered(int attempt, Throwable cause, long nanos, boolean retrying) {
        upstreamNanos += nanos;
        lastAttempt = attempt;
        int status = cause instanceof GatewayException known ? known.code().httpStatus() : 500;
        boolean said = cause instanceof GatewayException;
        record(retrying ? ids.next() : exchange.call().requestId(), attempt, false, status,
                said ? "application/json" : "", said ? gatewayAnswer((GatewayException) cause) : ObservedBody.Seen.NOTHING,
                false, retrying ? Optional.empty() : Optional.of(overheadSoFar()), Headers.EMPTY);
        attemptStarted = System.nanoTime();
    }

    /**
     * The answer with its body watched: its entry is written once the body has ended, however it ends, or
     * once nobody has started reading it within {@code unreadLimit}.
     */
    UpstreamResponse observe(UpstreamResponse response, CacheStatus status, int maxLoggedBody,
                             ScheduledExecutorService scheduler, Duration unreadLimit) {
        boolean hit = status == CacheStatus.HIT;
        Duration overhead = overheadSoFar();
        int attempt = hit ? 0 : lastAttempt;
        String contentType = response.headers().first("content-type").orElse("");
        ErrorEventScanner errors = ErrorEventScanner.forContentType(contentType);
        // The entry waits for the writer with only the headers it needs (usually none), not the answer's all.
        Headers kept = log.keptForEntry(response.headers());
        ObservedBody body = new ObservedBody(response.body(), maxLoggedBody, errors, seen -> {
            if (seen == ObservedBody.Seen.NOTHING) {
                response.discard();
            }
            int logged = loggedStatus(response, seen);
            boolean failedFirst = failedBeforeFirstByte(seen);
            // A body that failed before its first byte is answered with the gateway's 502: that is what is on record.
            record(exchange.call().requestId(), attempt, hit, logged, failedFirst ? "application/json" : contentType,
                    failedFirst ? gatewayAnswer(new GatewayException(ErrorCode.PROVIDER_FAILED, FirstChunk.FAILED_BEFORE_FIRST)) : seen,
                    response.successful() && seen.clean() && whole(contentType, seen, errors, kept),
                    Optional.of(overhead), kept);
        });
        return new UpstreamResponse(response.status(), response.headers(), log.track(body).watch(scheduler, unreadLimit));
    }

    /**
     * Whether a body that ended cleanly is a whole answer: its translation says so, and a stream reported no error
     * anywhere (the scanner saw every chunk) nor stopped before its closing event (its last event, in what was kept).
     */
    private boolean whole(String contentType, ObservedBody.Seen seen, ErrorEventScanner errors, Headers kept) {
        // A stream its provider coded (though asked for none) cannot be read here: its clean end decides.
        boolean readable = !ExchangeLog.coded(kept);
        return exchange.translation().map(Translation::whole).orElse(true)
                && (!readable || !StreamEnding.failed(contentType, seen.forUsage()) && !errors.foundError());
    }

    /**
     * The status the answer's client got, as far as the body decides it: 499 when the client left, 502 when the body
     * failed before its first byte (the provider-native proxy answers that with a 502, a universal step falls back), the
     * provider's own otherwise, a body cut after content included (its head had reached the client).
     */
    private static int loggedStatus(UpstreamResponse response, ObservedBody.Seen seen) {
        if (seen.cancelled()) {
            return ErrorCode.CLIENT_CLOSED.httpStatus();
        }
        if (seen.timedOut()) {
            return ErrorCode.PROVIDER_TIMEOUT.httpStatus();
        }
        if (failedBeforeFirstByte(seen)) {
            return ErrorCode.PROVIDER_FAILED.httpStatus();
        }
        return response.status();
    }

    /** A body that failed before its first byte, not by its client leaving or a timeout: answered with a 502. */
    private static boolean failedBeforeFirstByte(ObservedBody.Seen seen) {
        return seen != ObservedBody.Seen.NOTHING && !seen.cancelled() && !seen.timedOut() && !seen.clean()
                && seen.size() == 0;
    }

    /**
     * What the gateway said of an attempt it answered itself, as the entry's response body: its code and message (a
     * limit's refusal with the rule that refused it). Found by a probe: a 502 for a reset connection, a header block too
     * large or a bad chunked body, and a 504, were on record with an empty response and nothing saying why.
     */
    private static ObservedBody.Seen gatewayAnswer(GatewayException refused) {
        String rule = refused instanceof RateLimitedException limited ? ",\"rule\":\"" + escape(limited.rule()) + "\""
                : "";
        byte[] body = ("{\"error\":[{\"code\":" + refused.code().code() + ",\"message\":\""
                + escape(refused.getMessage()) + "\"}]" + rule + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ObservedBody.Seen(body, true, new byte[0], body.length, true);
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private Duration overheadSoFar() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - exchange.startedNanos() - upstreamNanos));
    }

    private void record(String id, int attempt, boolean hit, int status, String contentType,
                        ObservedBody.Seen seen, boolean success, Optional<Duration> overhead, Headers headers) {
        // Each entry spans its own attempt: the first from the request's arrival, a retry from when it was sent.
        long started = exchange.startedNanos();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStarted);
        Instant createdAt = hit ? exchange.arrived() : exchange.arrived().plusNanos(attemptStarted - started);
        ExchangeRecord entry = new ExchangeRecord(id, exchange.gateway(), exchange.collection(), createdAt,
                exchange.request().provider().slug().value(), exchange.call().path(), request, attempt, hit, status,
                contentType, seen, success, millis, overhead,
                exchange.translation().map(Translation::model), exchange.translation().flatMap(Translation::usage),
                headers);
        if (id.equals(exchange.call().requestId())) {
            // The exchange's last entry: what was in flight is no longer; its tokens and cost settle its limits.
            exchange.settlement().ended();
            log.record(entry, exchange.settlement());
        } else {
            log.record(entry);
        }
    }
}
