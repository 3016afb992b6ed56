package dev.sluice.adapters.http.edge;

import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large body's gateway is checked before the body takes a share of the request-body budget or is read: a request
 * the gateway refuses is answered at once and holds nothing. Found by a probe: requests to a gateway that does not
 * exist, their bodies trickled, held the whole budget while they waited to be refused.
 */
class LargeBodyGateTest {

    /** A gateway check that lets every request in. */
    static final LargeBodyGate OPEN = new LargeBodyGate((account, gateway, token) ->
            CompletableFuture.completedFuture(null));

    private static final long BUDGET = 200_000;

    private final ByteBudget budget = new ByteBudget(BUDGET);
    private final List<String> checked = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private CompletableFuture<Void> pending;

    /** Known: gateway "default" open, "locked" with token "secret"; "slow" answers when {@link #pending} completes. */
    private final CheckGatewayAccessUseCase access = (account, gateway, token) -> {
        checked.add(gateway);
        return switch (gateway) {
            case "default" -> CompletableFuture.completedFuture(null);
            case "locked" -> token.equals(Optional.of("secret")) || token.equals(Optional.of("s\u00e9cret"))
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNAUTHORIZED));
            case "slow" -> pending;
            default -> CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        };
    };

    private EmbeddedChannel connection() {
        EdgeAnswers answers = new EdgeAnswers(JsonMapper.createDefault(), new RequestIds(Clock.systemUTC()),
                1024, BUDGET);
        RequestReadWatch watch = new RequestReadWatch(Duration.ofSeconds(10), Duration.ofSeconds(30), answers);
        ChannelOutboundHandlerAdapter readCounter = new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
            }
        };
        return new EmbeddedChannel(readCounter, new MessageBoundaries(watch, answers, 1_000_000, 1024, 1_000_000,
                new ServerStopping(), budget, new LargeBodyGate(access)));
    }

    private static HttpRequest post(String gateway, long length, String token) {
        HttpRequest request = post("/v1/local/" + gateway + "/openai/v1/chat/completions?x=1", length);
        if (token != null) {
            request.headers().set("cf-aig-authorization", "Bearer " + token);
        }
        if (length < 0) {
            request.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        return request;
    }

    private static HttpRequest post(String target, long length) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target);
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, Math.max(length, 0));
        return request;
    }

    private static HttpContent bytes(int count) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[count]));
    }

    private static String answered(EmbeddedChannel connection) {
        FullHttpResponse answer = connection.readOutbound();
        assertThat(answer).as("answered at the edge").isNotNull();
        String text = answer.status().code() + " " + answer.headers().get("cf-aig-log-id") + " "
                + answer.content().toString(StandardCharsets.UTF_8);
        answer.release();
        return text;
    }

    @Test
    void aLargeBodyForAGatewayThatDoesNotExistIsAnsweredAtOnceAndTakesNoShare() {
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("no-such-gateway", 150_000, null));
        assertThat((Object) connection.readInbound()).as("not passed on").isNull();
        assertThat(answered(connection)).startsWith("400 ").contains("\"code\":2001");
        assertThat(budget.held()).isZero();
        connection.writeInbound(bytes(1000));
        assertThat((Object) connection.readInbound()).as("its body is dropped").isNull();
    }

    @Test
    void aLargeBodyWithoutItsGatewaysTokenIsAnsweredAtOnceAndOneWithItPasses() {
        EmbeddedChannel refused = connection();
        refused.writeInbound(post("locked", -1, "wrong"));
        assertThat(answered(refused)).startsWith("401 ").contains("\"code\":2009");
        assertThat(budget.held()).isZero();

        EmbeddedChannel opened = connection();
        opened.writeInbound(post("locked", 150_000, "secret"));
        ReferenceCountUtil.release(opened.readInbound());
        assertThat(budget.held()).isEqualTo(150_000);

        opened.close();
        // The codec gives a header one char per byte; the token is read as UTF-8, as the pipeline reads it.
        HttpRequest large = post("locked", 100_000, new String("s\u00e9cret".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
        EmbeddedChannel utf8Large = connection();
        utf8Large.writeInbound(large);
        Object passed = utf8Large.readInbound();
        assertThat(passed).as("passed on").isInstanceOf(HttpRequest.class);
        ReferenceCountUtil.release(passed);
    }

    /** As the pipeline answers a small body: the client's event id echoed, a token given twice a 400. */
    @Test
    void aRefusalEchoesTheEventIdAndATokenGivenTwiceIsRefusedAsThePipelineRefusesIt() {
        EmbeddedChannel connection = connection();
        HttpRequest request = post("no-such-gateway", 150_000, null);
        request.headers().set("cf-aig-event-id", "my-event");
        connection.writeInbound(request);
        FullHttpResponse answer = connection.readOutbound();
        assertThat(answer.headers().get("cf-aig-event-id")).isEqualTo("my-event");
        answer.release();

        EmbeddedChannel twice = connection();
        HttpRequest both = post("locked", 150_000, "wrong");
        both.headers().add("cf-aig-authorization", "Bearer secret");
        twice.writeInbound(both);
        assertThat(answered(twice)).startsWith("400 ").contains("\"code\":2100").contains("more than once");

        // Bytes that are not UTF-8: the 400 the pipeline gives (GatewayHeaderDecoder), not a 401.
        EmbeddedChannel notUtf8 = connection();
        notUtf8.writeInbound(post("locked", 150_000, "\u00ff\u00fe"));
        assertThat(answered(notUtf8)).startsWith("400 ").contains("\"code\":2100").contains("UTF-8");
        assertThat(budget.held()).isZero();
    }

    /**
     * Found by a review: a universal request's steps may carry the gateway's token in their own headers, inside the
     * body, so its gateway is refused here only when it does not exist.
     */
    @Test
    void aUniversalRequestIsRefusedHereOnlyForAGatewayThatDoesNotExist() {
        EmbeddedChannel locked = connection();
        locked.writeInbound(post("/v1/local/locked", 150_000));
        Object passed = locked.readInbound();
        assertThat(passed).as("the steps may hold the token").isInstanceOf(HttpRequest.class);
        ReferenceCountUtil.release(passed);
        EmbeddedChannel unknown = connection();
        unknown.writeInbound(post("/v1/local/no-such-gateway", 150_000));
        assertThat(answered(unknown)).startsWith("400 ").contains("\"code\":2001");
    }

    @Test
    void smallBodiesAndOtherPathsAreNotChecked() {
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("no-such-gateway", 64 * 1024, null));
        ReferenceCountUtil.release(connection.readInbound());
        EmbeddedChannel other = connection();
        other.writeInbound(post("/client/v4/accounts/local/ai-gateway/gateways", 150_000));
        ReferenceCountUtil.release(other.readInbound());
        assertThat(checked).isEmpty();
    }

    /** Found by a probe: an escaped name, or a target in absolute form, passed unchecked and held the budget. */
    @Test
    void escapedNamesAndAbsoluteTargetsAreCheckedAsTheRouterReadsThem() {
        EmbeddedChannel escaped = connection();
        escaped.writeInbound(post("/v1/local/%6eo-such-gateway/openai/v1/chat/completions", 150_000));
        assertThat(answered(escaped)).startsWith("400 ").contains("\"code\":2001");
        EmbeddedChannel absolute = connection();
        absolute.writeInbound(post("http://localhost:8080/v1/local/no-such-gateway/openai/x", 150_000));
        assertThat(answered(absolute)).startsWith("400 ").contains("\"code\":2001");
        EmbeddedChannel open = connection();
        open.writeInbound(post("/v1/local/%64efault/openai/v1/chat/completions", 150_000));
        ReferenceCountUtil.release(open.readInbound());
        assertThat(checked).containsExactly("no-such-gateway", "no-such-gateway", "default");
        EmbeddedChannel malformed = connection();
        malformed.writeInbound(post("/v1/local/%zz/openai/v1/chat/completions", 150_000));
        assertThat(answered(malformed)).startsWith("400 ").contains("\"code\":2001");
        assertThat(budget.held()).isEqualTo(150_000);
    }

    /**
     * Found by a probe: a large request behind one not yet answered on its connection passed unchecked. It is checked,
     * and its refusal waits for the answer before it, so the answers keep their order.
     */
    @Test
    void aRefusedRequestBehindAnUnansweredOneIsAnsweredAfterIt() {
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("default", 10, null));
        ReferenceCountUtil.release(connection.readInbound());
        connection.writeInbound(post("no-such-gateway", 150_000, null), bytes(1000));
        assertThat((Object) connection.readInbound()).as("not passed on").isNull();
        assertThat((Object) connection.readOutbound()).as("not answered before the one ahead of it").isNull();
        assertThat(budget.held()).isZero();

        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        FullHttpResponse first = connection.readOutbound();
        assertThat(first.status()).isEqualTo(HttpResponseStatus.OK);
        first.release();
        connection.runPendingTasks();
        assertThat(answered(connection)).startsWith("400 ").contains("\"code\":2001");
        assertThat((Object) connection.readInbound()).isNull();
    }

    @Test
    void aRequestWhoseCheckWaitsIsHeldWithWhatFollowsItAndNothingMoreIsReadUntilItIsDone() {
        pending = new CompletableFuture<>();
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("slow", 100_000, null), bytes(60_000));
        int readsBefore = reads.get();
        connection.read();
        assertThat(reads.get()).as("no more is read while the check waits").isEqualTo(readsBefore);
        assertThat((Object) connection.readInbound()).isNull();
        assertThat(budget.held()).isZero();
        connection.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[40_000])));

        pending.complete(null);
        connection.runPendingTasks();
        assertThat((Object) connection.readInbound()).isInstanceOf(HttpRequest.class);
        HttpContent first = connection.readInbound();
        assertThat(first.content().readableBytes()).isEqualTo(60_000);
        first.release();
        LastHttpContent last = connection.readInbound();
        assertThat(last.content().readableBytes()).isEqualTo(40_000);
        last.release();
        assertThat(budget.held()).isEqualTo(100_000);
        assertThat(reads.get()).as("the read asked for meanwhile is made").isGreaterThan(readsBefore);
    }

    @Test
    void aRequestHeldWhileItsCheckWaitsIsAnsweredWhenRefusedAndItsBodyDropped() {
        pending = new CompletableFuture<>();
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("slow", 100_000, null), bytes(60_000));
        pending.completeExceptionally(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        connection.runPendingTasks();
        assertThat(answered(connection)).startsWith("400 ").contains("\"code\":2001");
        assertThat((Object) connection.readInbound()).isNull();
        assertThat(budget.held()).isZero();
        connection.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[40_000])));
        assertThat(connection.isOpen()).as("closed once the rest was read").isFalse();
    }

    @Test
    void aConnectionThatClosesWhileItsRequestIsHeldLetsItGo() {
        pending = new CompletableFuture<>();
        EmbeddedChannel connection = connection();
        HttpContent body = bytes(60_000);
        connection.writeInbound(post("slow", 100_000, null), body);
        connection.close();
        assertThat(body.refCnt()).isZero();
        pending.complete(null);
        connection.runPendingTasks();
        assertThat((Object) connection.readInbound()).isNull();
        assertThat(budget.held()).isZero();
    }

    /** Found by a review: the edge's 413 came before the answer to a request pipelined ahead of it. */
    @Test
    void aHeadRefusedHereBehindAnUnansweredRequestIsAnsweredAfterIt() {
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("default", 10, null));
        ReferenceCountUtil.release(connection.readInbound());
        connection.writeInbound(post("default", 2_000_000, null));
        assertThat((Object) connection.readOutbound()).as("not before the answer ahead of it").isNull();
        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ReferenceCountUtil.release(connection.readOutbound());
        connection.runPendingTasks();
        assertThat(answered(connection)).startsWith("413 ");
    }

    /** One held request passed on, the next large one behind it on the same read held in its turn. */
    @Test
    void aLargeRequestBehindAHeldOneIsCheckedInItsTurn() {
        pending = new CompletableFuture<>();
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("slow", 70_000, null), new DefaultLastHttpContent(
                Unpooled.wrappedBuffer(new byte[70_000])), post("no-such-gateway", 70_000, null), bytes(10));
        pending.complete(null);
        connection.runPendingTasks();
        assertThat((Object) connection.readInbound()).isInstanceOf(HttpRequest.class);
        LastHttpContent body = connection.readInbound();
        body.release();
        assertThat((Object) connection.readInbound()).as("the refused one is not passed on").isNull();
        assertThat((Object) connection.readOutbound()).as("nor answered before the first").isNull();
        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ReferenceCountUtil.release(connection.readOutbound());
        connection.runPendingTasks();
        assertThat(answered(connection)).startsWith("400 ").contains("\"code\":2001");
        assertThat(checked).containsExactly("slow", "no-such-gateway");
    }

    /** A refusal whose check waited, behind a request answered before the check was done: answered when it is. */
    @Test
    void aRefusalWhoseCheckEndsAfterTheAnswerAheadOfItIsAnsweredAtOnce() {
        pending = new CompletableFuture<>();
        EmbeddedChannel connection = connection();
        connection.writeInbound(post("default", 10, null));
        ReferenceCountUtil.release(connection.readInbound());
        connection.writeInbound(post("slow", 100_000, null));
        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ReferenceCountUtil.release(connection.readOutbound());
        connection.runPendingTasks();
        assertThat((Object) connection.readOutbound()).isNull();
        pending.completeExceptionally(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        connection.runPendingTasks();
        assertThat(answered(connection)).startsWith("400 ").contains("\"code\":2001");
    }

    @Test
    void gatewayNamesAreFoundInTheTarget() {
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/openai/x?q=1")).isEqualTo(proxied("acc", "gw", "openai"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw?q=/a/b")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw#x")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc")).isNull();
        assertThat(LargeBodyGate.gateway("/v1//gw/x")).isNull();
        assertThat(LargeBodyGate.gateway("/v1/acc//x")).isNull();
        assertThat(LargeBodyGate.gateway("/client/v4/accounts/acc")).isNull();
        assertThat(LargeBodyGate.gateway("/v1/%61cc/g%2Bw+x/y")).isEqualTo(proxied("acc", "g+w+x", "y"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/comp%61t?x/y")).isEqualTo(proxied("acc", "gw", "compat"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/compat")).isEqualTo(proxied("acc", "gw", "compat"));
        assertThat(LargeBodyGate.gateway("https://example.com/v1/acc/gw/x")).isEqualTo(proxied("acc", "gw", "x"));
        assertThat(LargeBodyGate.gateway("https://example.com")).isNull();
        assertThat(LargeBodyGate.gateway("/v1/acc/%zz/x")).isSameAs(LargeBodyGate.MALFORMED);
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/%zz/x")).isEqualTo(proxied("acc", "gw", ""));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/?q=1")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw/#x")).isEqualTo(universal("acc", "gw"));
        assertThat(LargeBodyGate.gateway("/v1/acc/gw//x")).isEqualTo(proxied("acc", "gw", ""));
    }

    private static LargeBodyGate.Target proxied(String account, String gateway, String provider) {
        return new LargeBodyGate.Target(account, gateway, provider, false);
    }

    private static LargeBodyGate.Target universal(String account, String gateway) {
        return new LargeBodyGate.Target(account, gateway, "", true);
    }
}
