package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorSurface;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.ByteBudget;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.util.concurrent.CompletableFuture;

/**
 * Above the HTTP codec: tells the {@link RequestReadWatch} where each request's headers and body end and
 * where each response begins and ends. An interim response ({@code 100 Continue}) is neither. A WebSocket upgrade
 * ({@code 101}) gets a {@link WebSocketCloses} above this handler, where the frames will arrive, and a
 * {@link WebSocketFrameHeads} beneath the frame decoder, where their bytes arrive.
 * <ul>
 *   <li>Raw bytes outside ASCII in a request's target are escaped as the same bytes ({@link RequestTargets}).</li>
 *   <li>A head refused by what it says alone ({@link HeadRefusals}: a malformed URL on an upgrade or the management
 *   API, a version or {@code Host} RFC 9112 refuses, a body declared over its limit, a dashboard file asked for with
 *   another method than GET or HEAD) is answered here in its surface's envelope, and the connection closed.</li>
 *   <li>A large data-plane body's gateway is checked before the body is read ({@link LargeBodyGate}); the request is
 *   held meanwhile ({@link HeldRequest}), and answered here when the gateway refuses it.</li>
 *   <li>A body the codec could not read (malformed chunking) is answered here with 400 and the connection closed,
 *   before its request can be sent on.</li>
 *   <li>A control request (the management and logs APIs, {@code /generate}) whose chunks pass
 *   {@code sluice.server.max-control-body-size} is answered here with 413 and the connection closed.</li>
 *   <li>A request whose body would take the bodies in flight past {@code sluice.server.request-body-budget}
 *   ({@link BodyReservations}) is answered here with 503 and the connection closed: by its {@code Content-Length}
 *   before Micronaut sees it, or as its chunks pass the budget.</li>
 *   <li>A control request whose request line is over {@code micronaut.server.netty.max-initial-line-length} is
 *   answered here with 431 in its surface's envelope, found from the line's first bytes ({@link RequestLineStarts}):
 *   the codec keeps none of the line, and Micronaut's 431 came in the data plane's envelope.</li>
 *   <li>An answer of unknown length to an HTTP/1.0 request is sent unchunked and ended by closing the connection
 *   ({@link CloseDelimitedBodies}): Micronaut sent it chunked, which HTTP/1.0 clients cannot read.</li>
 *   <li>A {@code Content-Type: *}{@code /*} is taken off an answer's head: Micronaut writes it on a proxied answer that
 *   had no type.</li>
 * </ul>
 */
final class MessageBoundaries extends ChannelDuplexHandler {

    private final RequestReadWatch watch;
    private final EdgeAnswers answers;
    private final long maxMessageBytes;
    private final ServerStopping stopping;
    private final long maxControlBody;
    private final HeadRefusals heads;
    private final BodyReservations reservations;
    /** The request bodies' budget, which a WebSocket's messages take from too ({@link WebSocketFrameHeads}). */
    private final ByteBudget bodies;
    private final LargeBodyGate gate;

    private final EdgeRefusal refusal = new EdgeRefusal();
    /** A large request held while its gateway is checked ({@link LargeBodyGate}); null when none is. */
    private HeldRequest held;
    /** The Content-Length of the head being judged, read once for every check of it; -1 when it has none. */
    private long declared = -1;
    /** The surface of the request being read, for the error body of an answer given here. */
    private ErrorSurface surface = ErrorSurface.DATA_PLANE;
    /** Body bytes of the control request being read; -1 while the request is not a control one. */
    private long controlBody = -1;
    /** Requests passed on to Micronaut, and final responses begun, on this connection: each answers one in order. */
    private long requestsPassed;
    private long responsesBegun;
    private long responsesEnded;
    /** The last request passed on, whose body may be being read. */
    private HttpRequest reading;
    /** Made when the connection carries its first HTTP/1.0 request; null on an HTTP/1.1 connection. */
    private CloseDelimitedBodies http10;

    /**
     * @param maxControlBody the most a control request's body may hold: the management and logs APIs' and
     *                       {@code /generate}'s, read whole as JSON trees before any of Sluice's code sees them (a
     *                       tree takes several times its body's size in heap), and never larger than a few KB in use
     * @param maxRequestBytes the most any request's body may hold ({@code micronaut.server.max-request-size})
     */
    MessageBoundaries(RequestReadWatch watch, EdgeAnswers answers, long maxMessageBytes, long maxControlBody,
                      long maxRequestBytes, ServerStopping stopping, ByteBudget bodies, LargeBodyGate gate) {
        this.heads = new HeadRefusals(answers, maxControlBody, maxRequestBytes, maxMessageBytes);
        this.watch = watch;
        this.gate = gate;
        this.reservations = new BodyReservations(bodies);
        this.bodies = bodies;
        this.stopping = stopping;
        this.answers = answers;
        this.maxMessageBytes = maxMessageBytes;
        this.maxControlBody = maxControlBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusal.refused()) {
            refusal.drop(ctx, msg);
            return;
        }
        if (held != null) {
            held.behind(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!admitted(ctx, request) || held(ctx, request) || !reserved(ctx, request)) {
                return;
            }
            watch.headersArrived(surface, msg instanceof LastHttpContent);
            passed(request);
        } else if (msg instanceof LastHttpContent last) {
            if (last.decoderResult().isFailure()) {
                // The codec could not read the body (malformed chunking) and ends it there, empty; passed on, that
                // body was sent to the provider as if whole. Whatever was read of it is dropped with the connection,
                // after a 400: the request's body has not reached Micronaut whole, so it has not answered.
                refuseReading(ctx, last, answers.malformedChunks(surface));
                return;
            }
            watch.bodyArrived();
        }
        if (msg instanceof HttpContent content && !bodyPartPasses(ctx, content)) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether a part of a body passes: false when it was answered here (and released) instead. */
    private boolean bodyPartPasses(ChannelHandlerContext ctx, HttpContent content) {
        int bytes = content.content().readableBytes();
        if (!reservations.body(bytes)) {
            reservations.releaseAll();
            refuseReading(ctx, content, answers.busy(surface));
            return false;
        }
        if (content instanceof LastHttpContent) {
            reservations.bodyEnded();
        }
        if (controlBody >= 0) {
            controlBody += bytes;
            if (controlBody > maxControlBody) {
                refuseReading(ctx, content, answers.controlBodyTooLarge(surface));
                return false;
            }
        }
        return true;
    }

    /** Whether a request's head passes: false when it was answered here (and released) instead. */
    private boolean admitted(ChannelHandlerContext ctx, HttpRequest request) {
        String target = RequestTargets.escapedBytes(request.uri());
        if (target != request.uri()) {
            request.setUri(target);
        }
        surface = ErrorSurface.of(request.uri());
        declared = BodyReservations.declaredLength(request);
        if (refusedLineTooLong(ctx, request)) {
            return false;
        }
        FullHttpResponse refused = HeadRefusals.malformedTarget(request, surface) ? answers.malformedUri(surface)
                : heads.refusal(request, surface, declared);
        if (refused != null) {
            refuse(ctx, request, refused);
            return false;
        }
        controlBody = surface == ErrorSurface.DATA_PLANE ? -1 : 0;
        return true;
    }

    /** Whether the request's body takes its share of the budget: false when it was answered 503 here instead. */
    private boolean reserved(ChannelHandlerContext ctx, HttpRequest request) {
        if (!reservations.head(request, declared)) {
            refuse(ctx, request, answers.busy(surface));
            return false;
        }
        return true;
    }

    /**
     * Whether a large data-plane request is held, or answered, here rather than passed on: its gateway is checked
     * first ({@link LargeBodyGate}). A check answered from memory decides at once; one that has to wait for the store
     * holds the request, and nothing more is read from the connection, until it is done. A refusal comes in its turn.
     */
    private boolean held(ChannelHandlerContext ctx, HttpRequest request) {
        CompletableFuture<Void> check = gate.check(request, declared);
        if (check == null) {
            return false;
        }
        if (check.isDone()) {
            GatewayException refused = LargeBodyGate.refusal(check.handle((opened, failure) -> failure).join());
            if (refused != null) {
                refuse(ctx, request, answers.accessRefused(refused, request));
            }
            return refused != null;
        }
        HeldRequest hold = new HeldRequest(request);
        held = hold;
        check.whenComplete((opened, failure) -> ctx.executor().execute(() -> checked(ctx, hold, failure)));
        return true;
    }

    /** A held request's check is done: it is answered here when refused, passed on otherwise. */
    private void checked(ChannelHandlerContext ctx, HeldRequest hold, Throwable failure) {
        if (held != hold) {
            return; // the connection closed meanwhile, and let it go unread
        }
        held = null;
        HttpRequest request = hold.head;
        GatewayException refused = LargeBodyGate.refusal(failure);
        if (refused != null) {
            refuse(ctx, request, answers.accessRefused(refused, request));
        } else if (reserved(ctx, request)) {
            watch.headersArrived(surface, false);
            passed(request);
            ctx.fireChannelRead(request);
        }
        // What was read behind it follows; a large request among it may be held in its turn.
        for (Object next = held == null ? hold.next() : null; next != null; next = held == null ? hold.next() : null) {
            channelRead(ctx, next);
        }
        if (held != null) {
            hold.handOver(held);
            return;
        }
        ctx.fireChannelReadComplete();
        if (hold.wasReadWanted()) {
            ctx.read();
        }
    }

    /** While a request is held, nothing more is read from the connection: the server's ask waits for it. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        if (held != null) {
            held.readWanted();
            return;
        }
        ctx.read();
    }

    /**
     * Whether the request line was over its limit and is answered here: the codec kept nothing of it, so its surface
     * comes from its first bytes. The data plane's 431 stays Micronaut's, with the gateway's response headers.
     */
    private boolean refusedLineTooLong(ChannelHandlerContext ctx, HttpRequest request) {
        if (!(request.decoderResult().cause() instanceof TooLongHttpLineException)) {
            return false;
        }
        surface = watch.lineSurface();
        if (surface == ErrorSurface.DATA_PLANE) {
            return false;
        }
        refuse(ctx, request, answers.lineTooLong(surface));
        return true;
    }

    /** Counts a request Micronaut will answer; an HTTP/1.0 one is remembered, for how its answer's body is framed. */
    private void passed(HttpRequest request) {
        requestsPassed++;
        reading = request;
        if (HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            if (http10 == null) {
                http10 = new CloseDelimitedBodies();
            }
            http10.requested(requestsPassed);
        }
    }

    /**
     * A request answered here before Micronaut has its head (see {@link EdgeRefusal}): after the answers to every
     * request passed on before it, then the connection closed once the rest of its body has been read and dropped.
     */
    private void refuse(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse answer) {
        refusal.refuse(ctx, request, answers.onDataPlane(answer, request), requestsPassed, responsesBegun,
                responsesEnded);
    }

    /** A request answered here while its body is read, after Micronaut had its head: in the turn of that request. */
    private void refuseReading(ChannelHandlerContext ctx, HttpContent part, FullHttpResponse answer) {
        refusal.refuse(ctx, part, answers.onDataPlane(answer, reading), requestsPassed - 1, responsesBegun,
                responsesEnded);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        letGoUnread();
        refusal.release();
        reservations.releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        letGoUnread();
        refusal.release();
        reservations.releaseAll();
    }

    private void letGoUnread() {
        if (held != null) {
            held.releaseAll();
            held = null;
        }
    }

    /** A stopping server's close waits for what was already written ({@link ServerStopping#close}). */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        stopping.close(ctx, promise);
    }

    /**
     * {@code Content-Type: *}{@code /*} names no type (RFC 9110 8.3): Micronaut writes it on an answer that had none
     * (a provider's body without a type, a 204) from a route that produces anything, the proxy's. The answer goes on
     * untyped, as the provider sent it.
     */
    private static void untyped(HttpResponse response) {
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.equals("*/*")) {
            response.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        HttpResponseStatus status = msg instanceof HttpResponse response ? response.status() : null;
        boolean interim = status != null && status.codeClass() == HttpStatusClass.INFORMATIONAL;
        if (interim && status.code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            WebSocketCloses.installOnUpgrade(ctx, maxMessageBytes, bodies, stopping);
        }
        ChannelPromise written = promise;
        if (!interim) {
            if (msg instanceof HttpResponse response) {
                untyped(response);
                watch.responseStarted();
                responsesBegun++;
                if (http10 != null) {
                    http10.head(response, responsesBegun);
                }
            }
            if (msg instanceof LastHttpContent) {
                responsesEnded++;
                watch.responseEnded();
                reservations.answered();
                written = http10 == null ? promise : http10.lastContent(promise);
                if (refusal.waiting()) {
                    // A refusal waits for the answers before it: once this one is written, perhaps its turn.
                    ctx.executor().execute(() -> refusal.inTurn(ctx, responsesBegun, responsesEnded));
                }
            }
        }
        ctx.write(msg, written);
    }
}
