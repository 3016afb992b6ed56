package dev.sluice.domain.exchange;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeTest {

    @Test
    void gatewayHopByHopAndAcceptEncodingHeadersNeverReachTheProvider() {
        Headers client = new Headers(List.of(new Header("Authorization", "Bearer sk-1"),
                new Header("cf-aig-authorization", "Bearer gw"), new Header("CF-AIG-Metadata", "{}"),
                new Header("CF-Skip-Cache", "true"), new Header("Connection", "keep-alive"),
                new Header("Host", "localhost"), new Header("x-api-key", "k"), new Header("anthropic-version", "v"),
                new Header("Accept-Encoding", "gzip, br")));
        assertThat(HeaderForwarding.towardsProvider(client).all()).extracting(Header::name)
                .containsExactly("Authorization", "x-api-key", "anthropic-version");
    }

    @Test
    void theClientsAddressNeverReachesTheProvider() {
        Headers client = new Headers(List.of(new Header("Authorization", "Bearer sk"),
                new Header("X-Forwarded-For", "203.0.113.7, 10.0.0.1"), new Header("x-real-ip", "203.0.113.7"),
                new Header("Forwarded", "for=203.0.113.7;proto=https"), new Header("CF-Connecting-IP", "203.0.113.7"),
                new Header("True-Client-IP", "203.0.113.7"), new Header("X-Forwarded-Proto", "https"),
                new Header("cf-ipcountry", "FR"), new Header("OpenAI-Organization", "org-1")));
        assertThat(HeaderForwarding.towardsProvider(client).all()).extracting(Header::name)
                .containsExactly("Authorization", "OpenAI-Organization");
    }

    @Test
    void cookiesCrossNeitherWay() {
        Headers client = new Headers(List.of(new Header("Authorization", "Bearer sk"),
                new Header("Cookie", "session=s; theme=dark"), new Header("cookie2", "$Version=1"),
                new Header("x-kept", "k")));
        assertThat(HeaderForwarding.towardsProvider(client).all()).extracting(Header::name)
                .containsExactly("Authorization", "x-kept");
        Headers provider = new Headers(List.of(new Header("Set-Cookie", "__cf_bm=b; path=/; HttpOnly"),
                new Header("x-request-id", "r"), new Header("set-cookie", "_cfuvid=c"), new Header("Set-Cookie2", "a=1")));
        assertThat(HeaderForwarding.towardsClient(provider).all()).extracting(Header::name).containsExactly("x-request-id");
    }

    @Test
    void headersTheConnectionHeaderNamesAreHopByHopToo() {
        Headers client = new Headers(List.of(new Header("Connection", "keep-alive, X-Hop, close"),
                new Header("x-hop", "secret"), new Header("x-kept", "k")));
        assertThat(HeaderForwarding.towardsProvider(client).all()).extracting(Header::name).containsExactly("x-kept");
        Headers provider = new Headers(List.of(new Header("connection", "x-upstream-hop"),
                new Header("X-Upstream-Hop", "1"), new Header("x-request-id", "r")));
        assertThat(HeaderForwarding.towardsClient(provider).all()).extracting(Header::name).containsExactly("x-request-id");
    }

    @Test
    void hopByHopHeadersNeverReachTheClient() {
        Headers provider = new Headers(List.of(new Header("Transfer-Encoding", "chunked"),
                new Header("x-request-id", "r"), new Header("openai-processing-ms", "12")));
        assertThat(HeaderForwarding.towardsClient(provider).all()).extracting(Header::name)
                .containsExactly("x-request-id", "openai-processing-ms");
    }

    /** Another gateway in front of the provider says its own cache status and ids; the client must read Sluice's. */
    @Test
    void aProvidersOwnGatewayHeadersNeverReachTheClient() {
        Headers provider = new Headers(List.of(new Header("cf-aig-cache-status", "HIT"),
                new Header("CF-AIG-Log-ID", "spoofed"), new Header("cf-aig-step", "7"), new Header("x-request-id", "r"),
                new Header("cf-ray", "kept: it is not the gateway's")));
        assertThat(HeaderForwarding.towardsClient(provider).all()).extracting(Header::name)
                .containsExactly("x-request-id", "cf-ray");
    }

    /** What the provider says of its own host would be applied by a browser to the gateway's. */
    @Test
    void whatAProviderSaysOfItsHostNeverReachesTheClient() {
        Headers provider = new Headers(List.of(new Header("Alt-Svc", "h3=\":443\"; ma=86400"),
                new Header("strict-transport-security", "max-age=31536000; includeSubDomains"),
                new Header("x-request-id", "r")));
        assertThat(HeaderForwarding.towardsClient(provider).all()).extracting(Header::name).containsExactly("x-request-id");
    }

    @Test
    void interimNoContentResetAndNotModifiedAnswersHaveNoBody() {
        for (int status : new int[] {100, 103, 204, 205, 304}) {
            assertThat(new UpstreamResponse(status, Headers.EMPTY, Bodies.of(new byte[0])).bodiless()).as("" + status)
                    .isTrue();
        }
        for (int status : new int[] {200, 201, 206, 400, 502}) {
            assertThat(new UpstreamResponse(status, Headers.EMPTY, Bodies.of(new byte[0])).bodiless()).as("" + status)
                    .isFalse();
        }
    }

    @Test
    void requestIdsAreTimeOrderedUuidV7() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        RequestIds ids = new RequestIds(Clock.fixed(now, ZoneOffset.UTC));
        UUID id = UUID.fromString(ids.next());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(ids.next()).isNotEqualTo(ids.next());
    }

    private static java.util.OptionalLong declared(String... contentLength) {
        List<Header> headers = java.util.Arrays.stream(contentLength).map(value -> new Header("Content-Length", value))
                .toList();
        return new UpstreamResponse(200, new Headers(headers), Bodies.of(new byte[0])).declaredLength();
    }

    @Test
    void anAnswersDeclaredLengthIsItsContentLengthInDigitsOnly() {
        assertThat(declared("287")).hasValue(287);
        assertThat(declared(" 0 ")).hasValue(0);
        assertThat(declared()).isEmpty();
        for (String notALength : new String[] {"", "+5", "-1", "1e3", "12 34", "99999999999999999999"}) {
            assertThat(declared(notALength)).as(notALength).isEmpty();
        }
    }
}
