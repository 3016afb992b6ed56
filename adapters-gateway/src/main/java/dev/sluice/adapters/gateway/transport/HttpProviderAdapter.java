package dev.sluice.adapters.gateway.transport;

import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.Provider;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.AvailableByteBody;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import io.micronaut.http.netty.NettyHttpHeaders;
import org.reactivestreams.FlowAdapters;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Calls any HTTP provider with Micronaut's raw client: the request goes out as received (less what
 * {@code HeaderForwarding} removed), and the response comes back whatever its status, its body a stream
 * that is read only as fast as the client downstream takes it.
 *
 * <p>Every ending releases the connection at once ({@link ProviderConnections}): an answer read to its end
 * leaves it to the pool; a call that times out, fails, or whose body is cancelled by its reader closes it.
 */
public final class HttpProviderAdapter implements CallProviderPort {

    /**
     * How many times a call is sent again after a stale pooled connection: more than one may have gone stale at once
     * (a provider restarted), each of which the pool drops as it fails.
     */
    static final int STALE_RESENDS = 3;
    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);

    private final RawHttpClient client;
    private final RawHttpClient longWait;
    private final Duration readTimeout;
    private final ProviderConnections connections;
    private final Consumer<Provider> resent;

    /** One client for every call, whatever timeout it asks for. */
    public HttpProviderAdapter(RawHttpClient client, ProviderConnections connections, Consumer<Provider> resent) {
        this(client, client, Duration.ZERO, connections, resent);
    }

    /**
     * @param longWait the same client with a read timeout of the longest request timeout, for a request that sets one
     *                 longer than {@code client}'s own, {@code readTimeout}: that client's read timeout would cut it
     * @param connections registered as a customizer of both clients' connections
     * @param resent      told of each call sent again after a stale pooled connection, with its provider (a metric)
     */
    public HttpProviderAdapter(RawHttpClient client, RawHttpClient longWait, Duration readTimeout,
                               ProviderConnections connections, Consumer<Provider> resent) {
        this.client = client;
        this.longWait = longWait;
        this.readTimeout = readTimeout;
        this.connections = connections;
        this.resent = resent;
    }

    /**
     * The exchange is never cancelled: a cancelled Micronaut exchange still signals its end, which Reactor
     * would report as a dropped error (a stack trace per timeout). Instead the call's own future ends first
     * (timeout, or cancelled by its caller: {@code toCompletableFuture().cancel(…)}), its connection is
     * closed, and the exchange's late end is ignored.
     */
    @Override
    public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request,
                                                         Optional<Duration> firstByteTimeout) {
        CompletableFuture<UpstreamResponse> call = new CompletableFuture<>();
        // The ticket of the attempt under way: a call resent after a stale pooled connection has a new one.
        AtomicLong ticket = new AtomicLong();
        // Arming a timer per request costs throughput, so only a request that asks for its own limit gets
        // one; every other request is bounded by the client's read timeout (sluice.upstream-timeout).
        Disposable timer = firstByteTimeout.map(timeout -> Schedulers.parallel().schedule(() -> {
            if (call.completeExceptionally(unavailable(request, new TimeoutException()))) {
                connections.abandon(ticket.get(), true);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS)).orElse(Disposables.disposed());
        call.whenComplete((response, error) -> {
            if (error instanceof CancellationException) {
                connections.abandon(ticket.get(), true);
            }
        });
        RawHttpClient chosen = firstByteTimeout.isPresent() && firstByteTimeout.get().compareTo(readTimeout) > 0
                ? longWait : client;
        send(new Attempt(request, firstByteTimeout.isPresent(), chosen, call, ticket, timer), STALE_RESENDS);
        return call;
    }

    /** One call's state across its attempts: the first, and any resent after a stale pooled connection. */
    private record Attempt(UpstreamRequest request, boolean timed, RawHttpClient client,
                           CompletableFuture<UpstreamResponse> call, AtomicLong ticket, Disposable timer) {
    }

    /**
     * Sends the call's request. A pooled connection the provider closed, idle, just as it was taken (closed after the
     * request was written and before any byte of an answer) is not the provider's failure: the request is sent again,
     * on another connection, up to {@code resends} times, within the call's own timeout. A connection's first request
     * is never resent, nor one any byte of whose answer came.
     */
    private void send(Attempt attempt, int resends) {
        long ticket = connections.issue();
        attempt.ticket().set(ticket);
        if (attempt.call().isDone()) {
            connections.abandon(ticket, false); // timed out or cancelled while the last attempt failed
            return;
        }
        MutableHttpRequest<Object> outgoing = outgoing(attempt.request());
        outgoing.getHeaders().add(ProviderConnections.TICKET_HEADER, Long.toString(ticket));
        Mono.from(attempt.client().exchange(outgoing, BODIES.adapt(attempt.request().body()), null)).toFuture()
                .whenComplete((response, error) -> {
                    if (error != null) {
                        boolean stale = connections.closedUnanswered(ticket);
                        connections.abandon(ticket, false);
                        if (stale && resends > 0 && !attempt.call().isDone()) {
                            resent.accept(attempt.request().provider());
                            send(attempt, resends - 1);
                            return;
                        }
                        attempt.timer().dispose();
                        attempt.call().completeExceptionally(unavailable(attempt.request(), unwrap(error)));
                    } else if (!attempt.timed()) {
                        answer(attempt.call(), response, ticket);
                    } else {
                        answerAtFirstChunk(attempt.call(), response, ticket, attempt.timer());
                    }
                });
    }

    /**
     * With a request timeout, the answer is handed over once its body's first chunk has arrived (or its empty end),
     * so a provider that sends its head and then nothing is cut at the timeout, as one that sends nothing is: the
     * timeout is to the first byte of the answer's content, which the client reads with the head. A body that fails
     * before its first chunk is handed over failing, as it would have been without the wait.
     */
    private void answerAtFirstChunk(CompletableFuture<UpstreamResponse> call, HttpResponse<?> response, long ticket,
                                    Disposable timer) {
        UpstreamResponse whole;
        try {
            whole = upstreamResponse(response, ticket);
        } catch (RuntimeException unexpected) {
            timer.dispose();
            call.completeExceptionally(unexpected);
            closeUnread(response, ticket);
            return;
        }
        FirstChunk first = FirstChunk.watch(whole, null);
        call.whenComplete((answered, error) -> {
            if (error != null) {
                first.giveUp();
            }
        });
        first.answer().whenComplete((held, failure) -> {
            timer.dispose();
            UpstreamResponse handed = held != null ? held : new UpstreamResponse(whole.status(), whole.headers(),
                    FlowAdapters.toFlowPublisher(Flux.error(failure)));
            if (!call.complete(handed)) {
                handed.discard();
            }
        });
    }

    /** Hands the answer over, or, when the call already ended, closes it and its connection unread. */
    private void answer(CompletableFuture<UpstreamResponse> call, HttpResponse<?> response, long ticket) {
        try {
            if (call.complete(upstreamResponse(response, ticket))) {
                return;
            }
        } catch (RuntimeException unexpected) {
            call.completeExceptionally(unexpected);
        }
        closeUnread(response, ticket);
    }

    private void closeUnread(HttpResponse<?> response, long ticket) {
        connections.abandon(ticket, false);
        if (response instanceof ByteBodyHttpResponse<?> unread) {
            unread.close();
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static MutableHttpRequest<Object> outgoing(UpstreamRequest request) {
        HttpMethod method = HttpMethod.parse(request.method());
        // Made with an empty URI and given the parsed one: made from the URL's text, it was parsed a second time.
        MutableHttpRequest<Object> outgoing = method == HttpMethod.CUSTOM
                ? HttpRequest.create(HttpMethod.CUSTOM, "", request.method())
                : HttpRequest.create(method, "");
        outgoing.uri(request.uri());
        for (Header header : request.headers().all()) {
            outgoing.getHeaders().add(header.name(), header.value());
        }
        // The client's Accept-Encoding is not forwarded: an answer compressed anyway could not be read for its tokens.
        if (!outgoing.getHeaders().contains(HeaderForwarding.UNCOMPRESSED.name())) {
            outgoing.getHeaders().add(HeaderForwarding.UNCOMPRESSED.name(), HeaderForwarding.UNCOMPRESSED.value());
        }
        return outgoing;
    }

    private UpstreamResponse upstreamResponse(HttpResponse<?> response, long ticket) {
        Headers headers = headers(response.getHeaders());
        ByteBody byteBody = ((ByteBodyHttpResponse<?>) response).byteBody();
        if (byteBody instanceof AvailableByteBody available) {
            // Read whole before the head was handed over: the connection is the pool's already, and the body is
            // passed on as the array it is rather than as a stream of one chunk.
            connections.release(ticket);
            return new UpstreamResponse(response.code(), headers, Bodies.of(available.toByteArray()));
        }
        Flux<byte[]> body = Flux.from(byteBody.toByteArrayPublisher())
                .doOnComplete(() -> connections.release(ticket))
                .doOnError(error -> connections.abandon(ticket, false))
                .doOnCancel(() -> connections.abandon(ticket, false));
        return new UpstreamResponse(response.code(), headers, FlowAdapters.toFlowPublisher(body));
    }

    /** The answer's headers in the order they came (Micronaut's {@code forEach} made a list per name). */
    private static Headers headers(io.micronaut.http.HttpHeaders received) {
        List<Header> headers = new ArrayList<>();
        if (received instanceof NettyHttpHeaders netty) {
            Iterator<Map.Entry<String, String>> entries = netty.getNettyHeaders().iteratorAsString();
            while (entries.hasNext()) {
                Map.Entry<String, String> entry = entries.next();
                headers.add(new Header(entry.getKey(), entry.getValue()));
            }
        } else {
            received.forEach((name, values) -> values.forEach(value -> headers.add(new Header(name, value))));
        }
        return new Headers(headers);
    }

    /** Messages name the host only: a URL's query may carry a provider key. */
    private static Throwable unavailable(UpstreamRequest request, Throwable error) {
        String host = request.uri().getHost();
        if (error instanceof TimeoutException || error instanceof ReadTimeoutException) {
            return new ProviderUnavailableException("no response from " + host + " within the request timeout", true);
        }
        Optional<AnswerHeadGuard.MalformedAnswerException> malformed =
                Failures.find(error, AnswerHeadGuard.MalformedAnswerException.class);
        if (malformed.isPresent()) {
            return new ProviderUnavailableException(host + " answered " + malformed.get().getMessage(), false);
        }
        if (closedAfterConnecting(error)) {
            return new ProviderUnavailableException(host + " closed the connection before answering", false);
        }
        return new ProviderUnavailableException("could not reach " + host + " (" + reason(error) + ")", false);
    }

    /** A connection the provider accepted and then closed or reset: it was reached, and did not answer. */
    private static boolean closedAfterConnecting(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return false;
            }
            // Netty's native transports say a reset in their own IOException: "read(..) failed: Connection reset by peer".
            if (cause instanceof ResponseClosedException || (cause instanceof java.io.IOException
                    && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection reset"))) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof java.nio.channels.ClosedChannelException) {
                return "connection closed";
            }
        }
        return "connection failed";
    }
}
