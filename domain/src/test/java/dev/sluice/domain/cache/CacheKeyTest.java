package dev.sluice.domain.cache;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.usage.MiniJsonAccess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheKeyTest {

    private static final JsonObjectReader JSON = MiniJsonAccess::parseObject;

    private static final GatewayRef GATEWAY = new GatewayRef(new AccountId("local"), GatewayId.DEFAULT);

    private static CacheKey key(String provider, String endpoint, String auth, String body, boolean stream,
                                Optional<String> custom) {
        return CacheKey.of(GATEWAY, new CacheableRequest(provider, endpoint, auth, body.getBytes(), stream, custom));
    }

    @Test
    void everyPartOfTheDefaultKeyCounts() {
        CacheKey base = key("openai", "POST v1/x", "authorization=a\n", "{}", false, Optional.empty());
        assertThat(key("openai", "POST v1/x", "authorization=a\n", "{}", false, Optional.empty())).isEqualTo(base);
        assertThat(key("groq", "POST v1/x", "authorization=a\n", "{}", false, Optional.empty())).isNotEqualTo(base);
        assertThat(key("openai", "POST v1/y", "authorization=a\n", "{}", false, Optional.empty())).isNotEqualTo(base);
        assertThat(key("openai", "POST v1/x", "authorization=b\n", "{}", false, Optional.empty())).isNotEqualTo(base);
        assertThat(key("openai", "POST v1/x", "authorization=a\n", "{ }", false, Optional.empty())).isNotEqualTo(base);
        assertThat(key("openai", "POST v1/x", "authorization=a\n", "{}", true, Optional.empty())).isNotEqualTo(base);
    }

    @Test
    void everyValueOfARepeatedAuthenticationHeaderCounts() {
        CacheableRequest twice = CacheableRequest.of(request(new Header("Authorization", "Bearer a"),
                new Header("authorization", "Bearer b")), Optional.empty(), JSON);
        CacheableRequest once = CacheableRequest.of(request(new Header("Authorization", "Bearer a")), Optional.empty(), JSON);
        assertThat(CacheKey.of(GATEWAY, twice)).isNotEqualTo(CacheKey.of(GATEWAY, once));
    }

    @Test
    void theHeadersThatChooseTheAnswersShapeAreInTheKeyAndAbsentOnesChangeNothing() {
        Header auth = new Header("x-api-key", "sk-a");
        CacheKey plain = CacheKey.of(GATEWAY, CacheableRequest.of(request(auth), Optional.empty(), JSON));
        CacheKey v1 = CacheKey.of(GATEWAY, CacheableRequest.of(request(auth,
                new Header("anthropic-version", "2023-06-01")), Optional.empty(), JSON));
        CacheKey beta = CacheKey.of(GATEWAY, CacheableRequest.of(request(auth,
                new Header("anthropic-version", "2023-06-01"), new Header("Anthropic-Beta", "output-128k-2025-02-19")),
                Optional.empty(), JSON));
        CacheKey openAiBeta = CacheKey.of(GATEWAY, CacheableRequest.of(request(auth,
                new Header("OpenAI-Beta", "assistants=v2")), Optional.empty(), JSON));
        assertThat(List.of(plain, v1, beta, openAiBeta)).doesNotHaveDuplicates();
        // A request without them keys as it did before they were keyed: its cached answers are still found.
        assertThat(plain).isEqualTo(key("openai", "POST v1/chat/completions", "x-api-key=sk-a\n", "{}", false,
                Optional.empty()));
        // Headers that do not change the answer stay out of it.
        assertThat(CacheKey.of(GATEWAY, CacheableRequest.of(request(auth, new Header("OpenAI-Organization", "org-1"),
                new Header("User-Agent", "sdk/1")), Optional.empty(), JSON))).isEqualTo(plain);
    }

    private static UpstreamRequest request(Header... headers) {
        var openai = ProviderCatalog.of(List.of(ProviderProfile.of("openai", "https://api.openai.com/v1/",
                PathMapping.OPTIONAL_V1)), Map.of()).find("openai").orElseThrow();
        return UpstreamRequest.to(openai, "POST", "v1/chat/completions", "", new Headers(List.of(headers)), "{}".getBytes());
    }

    @Test
    void aDigestIsSixtyFourLowerCaseHexCharacters() {
        String valid = "0123456789abcdef".repeat(4);
        assertThat(new CacheKey(GATEWAY, valid).digest()).isEqualTo(valid);
        for (String invalid : new String[] {valid.toUpperCase(), valid.substring(1), valid + "0",
                valid.substring(1) + "g", valid.substring(1) + "/", valid.substring(1) + ":", valid.substring(1) + "`"}) {
            assertThatThrownBy(() -> new CacheKey(GATEWAY, invalid)).as(invalid)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new CacheKey(GATEWAY, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        assertThat(key("open", "aiPOST", "", "", false, Optional.empty()))
                .isNotEqualTo(key("openai", "POST", "", "", false, Optional.empty()));
    }

    @Test
    void aCustomKeyReplacesTheRestButNotTheProviderTheStreamingFlagOrGateway() {
        CacheKey custom = key("openai", "POST a", "x", "1", false, Optional.of("k"));
        assertThat(key("openai", "POST b", "y", "2", false, Optional.of("k"))).isEqualTo(custom);
        // An entry is in its provider's wire format: /compat served Anthropic's raw message to a request for an
        // OpenAI model that shared the key, and a 502 to one for Gemini.
        assertThat(key("anthropic", "POST a", "x", "1", false, Optional.of("k"))).isNotEqualTo(custom);
        assertThat(key("openai", "POST a", "x", "1", true, Optional.of("k"))).isNotEqualTo(custom);
        CacheKey elsewhere = CacheKey.of(new GatewayRef(new AccountId("local"), new GatewayId("other")),
                new CacheableRequest("openai", "POST a", "x", "1".getBytes(), false, Optional.of("k")));
        assertThat(elsewhere.digest()).isEqualTo(custom.digest());
        assertThat(elsewhere).isNotEqualTo(custom);
    }

    @Test
    void theDefaultKeyNeverReadsTheBodyAndACustomKeyReadsOnlyItsTopLevelStreamFlag() {
        UpstreamRequest streamed = post(Headers.EMPTY, "{\"model\":\"gpt-4o\",\"stream\":true}");
        assertThat(CacheableRequest.of(streamed, Optional.empty(), JSON).streaming()).isFalse();
        assertThat(CacheableRequest.of(streamed, Optional.of("k"), JSON).streaming()).isTrue();
        UpstreamRequest nested = post(Headers.EMPTY, "{\"messages\":[{\"stream\":true}],\"stream\":false}");
        assertThat(CacheableRequest.of(nested, Optional.of("k"), JSON).streaming()).isFalse();
        UpstreamRequest accepting = post(new Headers(List.of(new Header("Accept", "text/event-stream"))), "{}");
        assertThat(CacheableRequest.of(accepting, Optional.empty(), JSON).streaming()).isTrue();
    }

    private static UpstreamRequest post(Headers headers, String body) {
        var openai = ProviderCatalog.of(List.of(ProviderProfile.of("openai", "https://api.openai.com/v1/",
                PathMapping.OPTIONAL_V1)), Map.of()).find("openai").orElseThrow();
        return UpstreamRequest.to(openai, "POST", "v1/chat/completions", "", headers, body.getBytes());
    }
}
