package dev.sluice.adapters.http.universal;

import dev.sluice.adapters.http.edge.ServerStopping;
import dev.sluice.adapters.http.edge.WebSocketMessageShare;
import dev.sluice.adapters.http.edge.WebSocketRequests;
import dev.sluice.adapters.http.proxy.GatewayHeaderDecoder;
import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.application.universal.StepFailedException;
import dev.sluice.application.universal.UniversalAnswer;
import dev.sluice.application.universal.UniversalRequestCommand;
import dev.sluice.application.universal.UniversalRequestUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The universal endpoint over a WebSocket ({@code /v1/{account}/{gateway}}, Cloudflare's non-realtime
 * WebSockets API): each {@code universal.create} message is a universal request, run like an HTTP one,
 * answered by {@code universal.created} (with its cache status, event id, log id and step) and, for a
 * stream, one {@code universal.stream} message per event and then {@code universal.done}. Several may be
 * in flight on one socket. The gateway token comes from the upgrade's {@code cf-aig-authorization}
 * header or, for browsers that cannot set headers, a {@code cf-aig-authorization.<token>} subprotocol. A
 * bad message is answered with {@code universal.error}; the socket stays open. At a graceful shutdown the
 * socket takes no new request (each is answered {@code universal.error} 2116) and is closed with 1001 once the
 * answers under way are written ({@link WebSocketRequests}).
 */
@ServerWebSocket(value = "/v1/{account}/{gateway}", subprotocols = "*")
final class UniversalWebSocket {

    /**
     * The largest frame read: the default of {@code sluice.server.max-parsed-body-size} (an annotation needs a
     * constant); a message, in one frame or in fragments, is held to that setting at the connection's edge by the
     * lengths its frames announce, before it is read. Micronaut's default, 64 KiB, closed the socket on a long prompt.
     */
    static final int MAX_FRAME = 11 * 1024 * 1024;
    private static final String HEADERS = "sluice.headers";
    private static final String BAD_HEADERS = "sluice.bad-headers";
    private static final String ADMISSION = "sluice.admission";

    private static final String SUBPROTOCOL_TOKEN = "cf-aig-authorization.";
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private final UniversalRequestUseCase universal;
    private final RequestIds ids;
    private final JsonMapper json;
    private final ServerStopping stopping;
    private final CheckGatewayAccessUseCase access;
    private final ParsedBodies bodies;

    UniversalWebSocket(UniversalRequestUseCase universal, RequestIds ids, JsonMapper json, ServerStopping stopping,
                       CheckGatewayAccessUseCase access, ParsedBodies bodies) {
        this.bodies = bodies;
        this.universal = universal;
        this.ids = ids;
        this.json = json;
        this.stopping = stopping;
        this.access = access;
    }

    /** Whether the upgrade's token opens the socket's gateway: false once refused, pending until known. */
    private record Admission(CompletableFuture<Boolean> opened) {
    }

    @OnOpen
    void open(String account, String gateway, WebSocketSession session, HttpRequest<?> request) {
        session.put(WebSocketRequests.ATTRIBUTE, new WebSocketRequests(stopping));
        Optional<String> token = Optional.empty();
        try {
            Headers headers = upgradeHeaders(GatewayHeaderDecoder.decode(request.getHeaders()));
            session.put(HEADERS, headers);
            token = headers.first(GatewayHeaders.AUTHORIZATION).map(GatewayHeaders::bearerToken);
        } catch (GatewayException badHeader) {
            // The upgrade is already answered: each request on this socket is refused with the header's 400, as a
            // request without its token is, rather than the socket failing with an internal error.
            session.put(BAD_HEADERS, badHeader);
            token = request.getHeaders().getFirst(GatewayHeaders.AUTHORIZATION).map(GatewayHeaders::bearerToken);
        }
        session.put(ADMISSION, new Admission(admit(account, gateway, token, session)));
    }

    /**
     * Whether the upgrade's token opens the gateway, as Cloudflare asks of a socket: one the gateway refuses (no valid
     * token, or no such gateway) is sent that refusal and closed with 1008 (Policy Violation), and the messages that
     * came before it are never read (one whose gateway could not be looked up is closed with 1013, Try Again Later).
     * Such sockets stayed open with every message read as JSON (up to 11 MiB each) before being refused, so anyone
     * could make Sluice parse without end, past its heap. Each request on an admitted
     * socket is still checked as it comes, so a token revoked while its socket is open opens nothing more.
     */
    private CompletableFuture<Boolean> admit(String account, String gateway, Optional<String> token,
                                             WebSocketSession session) {
        return access.check(account, gateway, token).handle((opened, refused) -> {
            if (refused == null) {
                return true;
            }
            Throwable cause = Failures.cause(refused);
            // A refusal is the caller's to fix (1008); a gateway that could not be looked up is not (1013).
            CloseReason close = cause instanceof GatewayException ? CloseReason.POLICY_VIOLATION
                    : CloseReason.TRY_AGAIN_LATER;
            send(session, error("", cause)).whenComplete((sent, unsent) -> session.close(close));
            return false;
        }).toCompletableFuture();
    }

    /**
     * A message, with its share of the request-body budget taken at the edge as its frames came ({@link
     * WebSocketMessageShare}): held until the message's request is answered, as an HTTP request's body is.
     */
    @OnMessage(maxPayloadLength = MAX_FRAME)
    void message(String account, String gateway, byte[] message, WebSocketSession session) {
        Runnable share = WebSocketMessageShare.take(session);
        // Read at once when the socket's admission is known (as it is after its first moments), or once it is.
        // The share goes back whatever happens: one kept for ever would shrink the budget for good.
        session.get(ADMISSION, Admission.class).map(Admission::opened).orElse(CompletableFuture.completedFuture(false))
                .thenCompose(admitted -> admitted ? read(account, gateway, message, session)
                        : CompletableFuture.completedFuture(null))
                .whenComplete((written, unwritten) -> share.run());
    }

    /**
     * Reads a message and runs its request, once {@link ParsedBodies} admits it as it admits the HTTP form's body (its
     * share given back once its steps are read): eight 10 MB messages read at once ran the heap out. The message is
     * taken as its UTF-8 bytes (checked at the edge), not decoded into a String first, which took three times its size.
     * Returns when the answer (or the error) has been written.
     */
    private CompletionStage<?> read(String account, String gateway, byte[] message, WebSocketSession session) {
        Runnable release;
        try {
            release = bodies.admit(message, ParsedBodies.UNIVERSAL);
        } catch (GatewayException refused) {
            return send(session, error("", refused));
        }
        try {
            return readAdmitted(account, gateway, message, session);
        } finally {
            release.run();
        }
    }

    private CompletionStage<?> readAdmitted(String account, String gateway, byte[] message, WebSocketSession session) {
        String eventId = "";
        try {
            Map<String, Object> parsed = json.readValue(message, OBJECT);
            if (parsed == null || !"universal.create".equals(parsed.get("type"))) {
                throw new GatewayException(ErrorCode.INVALID_BODY, "type: only universal.create messages are accepted");
            }
            if (!(parsed.get("request") instanceof Map<?, ?> request)) {
                throw new GatewayException(ErrorCode.INVALID_BODY, "request: must be an object (a universal step)");
            }
            Object given = request.get("eventId");
            if (given != null && !(given instanceof String)) {
                // Answered with a new id, a client's own would have been lost without a word.
                throw new GatewayException(ErrorCode.INVALID_BODY, "request.eventId: must be a string");
            }
            eventId = given instanceof String id ? id : ids.next();
            Optional<GatewayException> badHeader = session.get(BAD_HEADERS, GatewayException.class);
            if (badHeader.isPresent()) {
                throw badHeader.get();
            }
            return run(account, gateway, session, eventId, json.writeValueAsBytes(request));
        } catch (IOException | RuntimeException e) {
            return send(session, error(eventId, e instanceof IOException ? new GatewayException(ErrorCode.INVALID_BODY,
                    "The message is not a JSON object") : e));
        }
    }

    private CompletionStage<?> run(String account, String gateway, WebSocketSession session, String eventId,
                                   byte[] request) {
        Headers headers = session.get(HEADERS, Headers.class).orElse(Headers.EMPTY)
                .keep(header -> !header.is(GatewayHeaders.EVENT_ID)).with(GatewayHeaders.EVENT_ID, eventId);
        WebSocketRequests requests = session.get(WebSocketRequests.ATTRIBUTE, WebSocketRequests.class)
                .orElseGet(() -> new WebSocketRequests(stopping));
        if (!requests.start()) {
            throw new GatewayException(ErrorCode.SHUTTING_DOWN,
                    "The gateway is shutting down and takes no new request on this socket; send it on a new connection");
        }
        CompletionStage<UniversalAnswer> answer;
        try {
            answer = universal.run(new UniversalRequestCommand(ids.next(), account, gateway, headers,
                    UniversalSteps.read(request), requests.gone()));
        } catch (RuntimeException e) {
            requests.end();
            throw e;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        answer.whenComplete((answered, failure) -> (failure != null
                ? send(session, error(eventId, Failures.cause(failure)))
                : new WebSocketAnswer(json, session, eventId, answered).send())
                .whenComplete((written, unwritten) -> {
                    requests.end();
                    ended.complete(null);
                }));
        return ended;
    }

    /** The upgrade's headers less the WebSocket handshake's, with a browser's subprotocol token as a header. */
    private static Headers upgradeHeaders(Headers upgrade) {
        List<Header> kept = new ArrayList<>();
        String token = null;
        for (Header header : upgrade.all()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.equals("sec-websocket-protocol")) {
                for (String protocol : header.value().split(",")) {
                    String trimmed = protocol.trim();
                    if (trimmed.startsWith(SUBPROTOCOL_TOKEN)) {
                        token = trimmed.substring(SUBPROTOCOL_TOKEN.length());
                    }
                }
            }
            if (!name.startsWith("sec-websocket-") && !name.equals("upgrade") && !name.equals("connection")) {
                kept.add(header);
            }
        }
        Headers headers = new Headers(kept);
        if (token != null && headers.first(GatewayHeaders.AUTHORIZATION).isEmpty()) {
            headers = headers.with(GatewayHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return headers;
    }

    private Map<String, Object> error(String eventId, Throwable failure) {
        Throwable cause = failure instanceof StepFailedException step ? step.getCause() : failure;
        ErrorCode code = cause instanceof GatewayException known ? known.code() : ErrorCode.PROVIDER_FAILED;
        String message = cause instanceof GatewayException ? cause.getMessage() : code.defaultMessage();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("eventId", eventId);
        if (failure instanceof StepFailedException step) {
            metadata.put("step", Integer.toString(step.step()));
            metadata.put("logId", step.logId());
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "universal.error");
        error.put("metadata", metadata);
        error.put("error", List.of(Map.of("code", code.code(), "message", message)));
        return error;
    }

    private CompletionStage<?> send(WebSocketSession session, Map<String, Object> message) {
        try {
            return session.sendAsync(json.writeValueAsString(message));
        } catch (IOException e) {
            return session.sendAsync("{\"type\":\"universal.error\",\"error\":[{\"code\":2005,\"message\":\"unwritable\"}]}");
        }
    }
}
