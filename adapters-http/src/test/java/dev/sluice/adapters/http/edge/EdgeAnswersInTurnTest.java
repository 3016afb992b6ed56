package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer the edge gives itself comes after the answers to the requests before it on the connection, whole, and
 * the connection closes only once it is out. Found by a probe: a refusal behind a streaming answer was lost with the
 * close (the refused request's body was already in), or came first and cut the stream.
 */
class EdgeAnswersInTurnTest {

    private static EmbeddedChannel connection() {
        EdgeAnswers answers = new EdgeAnswers(JsonMapper.createDefault(), new RequestIds(Clock.systemUTC()),
                1024, 1_000_000);
        RequestReadWatch watch = new RequestReadWatch(Duration.ofSeconds(10), Duration.ofSeconds(30), answers);
        return new EmbeddedChannel(new MessageBoundaries(watch, answers, 1024, 1024, 1_000_000, new ServerStopping(),
                new ByteBudget(1_000_000), LargeBodyGateTest.OPEN));
    }

    private static HttpRequest request(HttpMethod method, String uri, boolean host) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (host) {
            request.headers().set(HttpHeaderNames.HOST, "localhost");
        }
        return request;
    }

    /** A request passed on, whose answer has begun streaming and not ended. */
    private static EmbeddedChannel streaming() {
        EmbeddedChannel connection = connection();
        connection.writeInbound(request(HttpMethod.GET, "/v1/local/default/mock/x", true),
                DefaultLastHttpContent.EMPTY_LAST_CONTENT);
        ReferenceCountUtil.release(connection.readInbound());
        ReferenceCountUtil.release(connection.readInbound());
        connection.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                new DefaultHttpContent(Unpooled.copiedBuffer(new byte[] {'a'})));
        ReferenceCountUtil.release(connection.readOutbound());
        ReferenceCountUtil.release(connection.readOutbound());
        return connection;
    }

    /** Ends the streaming answer; returns the status of what the edge wrote after it. */
    private static int afterTheStreamEnds(EmbeddedChannel connection) {
        assertThat(connection.isOpen()).as("open while the answer ahead streams").isTrue();
        assertThat((Object) connection.readOutbound()).as("nothing before the answer ahead ends").isNull();
        connection.writeOutbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[] {'b'})));
        ReferenceCountUtil.release(connection.readOutbound());
        connection.runPendingTasks();
        FullHttpResponse refusal = connection.readOutbound();
        assertThat(refusal).as("the refusal, after the answer ahead").isNotNull();
        int status = refusal.status().code();
        assertThat(refusal.headers().get(HttpHeaderNames.DATE)).as("RFC 9110 6.6.1").isNotBlank();
        refusal.release();
        return status;
    }

    @Test
    void aHeadRefusedWithItsWholeBodyInIsAnsweredAfterTheStreamAheadThenClosed() {
        EmbeddedChannel connection = streaming();
        connection.writeInbound(request(HttpMethod.POST, "/v1/local/default/mock/x", false),
                new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[10])));
        assertThat(afterTheStreamEnds(connection)).isEqualTo(400);
        connection.runPendingTasks();
        assertThat(connection.isOpen()).as("closed once the refusal is out").isFalse();
    }

    @Test
    void aControlBodyRefusedAsItsChunksPassTheLimitIsAnsweredInItsTurn() {
        EmbeddedChannel connection = streaming();
        HttpRequest chunked = request(HttpMethod.POST, "/client/v4/accounts/local/ai-gateway/gateways", true);
        chunked.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        connection.writeInbound(chunked, new DefaultHttpContent(Unpooled.copiedBuffer(new byte[2000])));
        ReferenceCountUtil.release(connection.readInbound());
        assertThat(afterTheStreamEnds(connection)).isEqualTo(413);
    }

    @Test
    void aMalformedManagementUrlIsAnsweredInItsTurn() {
        EmbeddedChannel connection = streaming();
        connection.writeInbound(request(HttpMethod.GET, "/client/v4/accounts/%zz", true),
                DefaultLastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(afterTheStreamEnds(connection)).isEqualTo(400);
    }

    /** Found by a probe: the edge's 400s and 503s on the data plane had none of the gateway's response headers. */
    @Test
    void aDataPlaneRefusalCarriesTheGatewaysHeaders() {
        EmbeddedChannel connection = connection();
        HttpRequest noHost = request(HttpMethod.POST, "/v1/local/default/mock/x", false);
        noHost.headers().set("cf-aig-event-id", "ev-1");
        connection.writeInbound(noHost, DefaultLastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse refusal = connection.readOutbound();
        assertThat(refusal.status().code()).isEqualTo(400);
        assertThat(refusal.headers().get("cf-aig-log-id")).isNotBlank();
        assertThat(refusal.headers().get("cf-aig-event-id")).isEqualTo("ev-1");
        refusal.release();

        EmbeddedChannel health = connection();
        health.writeInbound(request(HttpMethod.GET, "/health", false), DefaultLastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse elsewhere = health.readOutbound();
        assertThat(elsewhere.headers().get("cf-aig-log-id")).as("not a gateway's answer").isNull();
        elsewhere.release();
    }

    /** A request Micronaut answered itself before its body (a route that answers at once) is not answered twice. */
    @Test
    void aRefusedRequestMicronautAlreadyAnsweredIsNotAnsweredAgain() {
        EmbeddedChannel connection = connection();
        HttpRequest chunked = request(HttpMethod.POST, "/client/v4/accounts/local/ai-gateway/gateways", true);
        chunked.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        connection.writeInbound(chunked);
        ReferenceCountUtil.release(connection.readInbound());
        connection.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED));
        ReferenceCountUtil.release(connection.readOutbound());
        connection.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[2000])));
        connection.runPendingTasks();
        assertThat((Object) connection.readOutbound()).as("no second answer").isNull();
        assertThat(connection.isOpen()).isFalse();
    }
}
