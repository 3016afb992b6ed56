package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request bodies in flight on all connections together hold at most the budget: a body that would pass it is
 * answered 503 (2115) with Retry-After before it is read, and a share goes back when its answer ends or its
 * connection closes. Several 20 MB bodies at once ran the 128 MB heap out and failed every request in flight.
 */
class RequestBodyBudgetTest {

    private static final long BUDGET = 200_000;

    private final ServerStopping stopping = new ServerStopping();
    private final ByteBudget budget = new ByteBudget(BUDGET);

    private EmbeddedChannel connection() {
        EdgeAnswers answers = new EdgeAnswers(JsonMapper.createDefault(), new RequestIds(Clock.systemUTC()),
                1024, BUDGET);
        RequestReadWatch watch = new RequestReadWatch(Duration.ofSeconds(10), Duration.ofSeconds(30), answers);
        return new EmbeddedChannel(new MessageBoundaries(watch, answers, 1024, 1024, 1_000_000, stopping, budget,
                LargeBodyGateTest.OPEN));
    }

    private static HttpRequest post(long length) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/v1/local/default/openai/v1/chat/completions");
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        if (length >= 0) {
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        return request;
    }

    /** Whether the request was passed on (true) or answered here with the budget's 503 (false). */
    private static boolean passed(EmbeddedChannel connection, Object message) {
        connection.writeInbound(message);
        Object inbound = connection.readInbound();
        if (inbound != null) {
            ReferenceCountUtil.release(inbound);
            return true;
        }
        FullHttpResponse answer = connection.readOutbound();
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.content().toString(StandardCharsets.UTF_8)).contains("2115")
                .contains("sluice.server.request-body-budget");
        answer.release();
        return false;
    }

    private static void answer(EmbeddedChannel connection) {
        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ReferenceCountUtil.release(connection.readOutbound());
    }

    @Test
    void aDeclaredBodyThatWouldPassTheBudgetIsRefusedUntilAnotherIsAnswered() {
        EmbeddedChannel first = connection();
        assertThat(passed(first, post(150_000))).isTrue();
        assertThat(budget.held()).isEqualTo(150_000);

        assertThat(passed(connection(), post(100_000))).as("150,000 + 100,000 > 200,000").isFalse();
        assertThat(budget.held()).isEqualTo(150_000);

        answer(first);
        assertThat(budget.held()).isZero();
        assertThat(passed(connection(), post(100_000))).isTrue();
    }

    /** Micronaut answered it 413 too, but after a 100 Continue to a client that asked whether to send its body. */
    @Test
    void aBodyDeclaredOverTheServersLimitIsAnswered413BeforeItIsAskedFor() {
        EmbeddedChannel connection = connection();
        HttpRequest request = post(1_000_001);
        request.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        connection.writeInbound(request);
        assertThat((Object) connection.readInbound()).isNull();
        FullHttpResponse answer = connection.readOutbound();
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(answer.headers().get("cf-aig-log-id")).isNotBlank();
        assertThat(answer.headers().get(HttpHeaderNames.DATE)).isNotBlank();
        assertThat(answer.content().toString(StandardCharsets.UTF_8)).contains("\"code\":2102");
        answer.release();
        assertThat(budget.held()).isZero();

        EmbeddedChannel health = connection();
        HttpRequest notDataPlane = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/health");
        notDataPlane.headers().set(HttpHeaderNames.HOST, "localhost").set(HttpHeaderNames.CONTENT_LENGTH, 1_000_001);
        health.writeInbound(notDataPlane);
        FullHttpResponse elsewhere = health.readOutbound();
        assertThat(elsewhere.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(elsewhere.headers().get("cf-aig-log-id")).as("not a gateway's answer").isNull();
        elsewhere.release();
    }

    @Test
    void bodiesUpTo64KiBAreNotCounted() {
        EmbeddedChannel large = connection();
        assertThat(passed(large, post(190_000))).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(passed(connection(), post(64 * 1024))).isTrue();
        }
        assertThat(budget.held()).isEqualTo(190_000);
    }

    @Test
    void aChunkedBodyTakesItsShareAsItGrowsAndIsRefusedWhereItPassesTheBudget() {
        EmbeddedChannel held = connection();
        assertThat(passed(held, post(120_000))).isTrue();
        EmbeddedChannel chunked = connection();
        assertThat(passed(chunked, post(-1))).isTrue();
        assertThat(passed(chunked, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[50_000])))).isTrue();
        assertThat(budget.held()).as("under 64 KiB: not counted yet").isEqualTo(120_000);
        assertThat(passed(chunked, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[40_000])))).isFalse();
        assertThat(budget.held()).as("the refused body's share goes back").isEqualTo(120_000);
    }

    @Test
    void aChunkedBodyThatEndsWithinTheBudgetKeepsItsShareUntilAnswered() {
        EmbeddedChannel chunked = connection();
        assertThat(passed(chunked, post(-1))).isTrue();
        assertThat(passed(chunked, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[100_000])))).isTrue();
        assertThat(passed(chunked, new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[10_000])))).isTrue();
        assertThat(budget.held()).isEqualTo(110_000);
        answer(chunked);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aConnectionThatClosesGivesBackWhatItsRequestsHeld() {
        EmbeddedChannel gone = connection();
        assertThat(passed(gone, post(150_000))).isTrue();
        gone.close();
        assertThat(budget.held()).isZero();
    }
}
