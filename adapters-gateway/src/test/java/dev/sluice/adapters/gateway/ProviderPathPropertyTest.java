package dev.sluice.adapters.gateway;

import dev.sluice.adapters.gateway.azure.AzureOpenAiProvider;
import dev.sluice.adapters.gateway.google.GoogleAiStudioProvider;
import dev.sluice.adapters.gateway.openai.OpenAiProvider;
import dev.sluice.adapters.gateway.workersai.WorkersAiProvider;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.provider.ProviderCatalog;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Random spellings of dot segments, separators and ordinary segments thrown at the path builder. Whatever
 * the spelling, the URL handed upstream must stay under the provider's base path however often, and in
 * whichever of the common ways, the upstream decodes it.
 */
class ProviderPathPropertyTest {

    private static final ProviderCatalog CATALOG = ProviderCatalog.of(List.of(new OpenAiProvider(),
                    new GoogleAiStudioProvider(), new WorkersAiProvider(Optional.of("acct")), new AzureOpenAiProvider()),
            Map.of("custom-llm", "http://127.0.0.1:9/api/v2"));

    /** Each provider with a path prefix that makes its style accept the rest, and the base path it must keep. */
    private static final List<Target> TARGETS = List.of(
            new Target("openai", "", "/v1/"),
            new Target("google-ai-studio", "", "/"),
            new Target("google-ai-studio", "v1beta/", "/v1beta/"),
            new Target("workers-ai", "", "/client/v4/accounts/acct/ai/run/"),
            new Target("workers-ai", "v1/", "/client/v4/accounts/acct/ai/v1/"),
            new Target("azure-openai", "res/dep/", "/openai/deployments/dep/"),
            new Target("custom-llm", "", "/api/v2/"));

    record Target(String slug, String prefix, String basePath) {
    }

    @Property(tries = 3000)
    void noSpellingOfADotSegmentLeavesTheBasePath(@ForAll("pathsWithDots") String path,
                                                  @ForAll("targets") Target target) {
        Throwable refused = catchThrowable(() -> resolve(target, path));
        if (refused != null) {
            assertThat(refused).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
            return;
        }
        URI url = resolve(target, path);
        for (String reading : upstreamReadings(url.getRawPath())) {
            assertThat(normalize(reading)).as("%s read as %s", url, reading).startsWith(target.basePath());
        }
    }

    @Property(tries = 3000)
    void everyPathWithADotSegmentIsRefused(@ForAll("pathsWithDots") String path, @ForAll("targets") Target target) {
        boolean hasDotSegment = upstreamReadings(path).stream()
                .anyMatch(reading -> List.of(reading.split("/", -1)).contains("..")
                        || List.of(reading.split("/", -1)).contains("."));
        Throwable refused = catchThrowable(() -> resolve(target, path));
        if (hasDotSegment) {
            assertThat(refused).as(path).isInstanceOf(GatewayException.class);
        }
    }

    @Property(tries = 1000)
    void ordinaryPathsAreForwardedAsTheyCame(@ForAll("ordinaryPaths") String path) {
        URI url = CATALOG.find("custom-llm").orElseThrow().resolve(path, "");
        assertThat(url.toString()).isEqualTo("http://127.0.0.1:9/api/v2/" + path);
    }

    private static URI resolve(Target target, String path) {
        return CATALOG.find(target.slug()).orElseThrow().resolve(target.prefix() + path, "");
    }

    @Provide
    Arbitrary<Target> targets() {
        return Arbitraries.of(TARGETS);
    }

    @Provide
    Arbitrary<String> ordinaryPaths() {
        Arbitrary<String> segment = Arbitraries.oneOf(word(),
                Arbitraries.of("gemini-1.5-pro:generateContent", "...", "a.b", ".well", "x..", "%40cf", "@cf", "a%2Fb"));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts));
    }

    @Provide
    Arbitrary<String> pathsWithDots() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(3, word()),
                Tuple.of(4, dotSegment()),
                Tuple.of(1, Arbitraries.of("...", "a.b", ".x", "%2e%2e%2e")));
        Arbitrary<String> separator = Arbitraries.of("/", "/", "/", "%2F", "%2f", "\\", "%5C", "%5c", "%252F", "%255c");
        return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(6),
                        separator.list().ofMinSize(6).ofMaxSize(6))
                .as((parts, separators) -> {
                    StringBuilder path = new StringBuilder(parts.get(0));
                    for (int i = 1; i < parts.size(); i++) {
                        path.append(separators.get(i)).append(parts.get(i));
                    }
                    return path.toString();
                });
    }

    private static Arbitrary<String> dotSegment() {
        Arbitrary<String> dot = Arbitraries.of(".", "%2e", "%2E", "%252e", "%252E", "%25252e");
        Arbitrary<String> parameters = Arbitraries.of("", "", "", ";", ";x=1");
        return Combinators.combine(dot.list().ofMinSize(1).ofMaxSize(2), parameters)
                .as((dots, suffix) -> String.join("", dots) + suffix);
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', ':').ofMinLength(1).ofMaxLength(8);
    }

    /**
     * How upstreams may read a raw path: as it is and after one to three rounds of decoding, each with
     * backslashes taken as slashes and path parameters dropped.
     */
    private static List<String> upstreamReadings(String raw) {
        List<String> readings = new ArrayList<>();
        String reading = raw;
        for (int round = 0; round < 4 && reading != null; round++) {
            readings.add(reading.replace('\\', '/').replaceAll(";[^/]*", ""));
            reading = decodeOnce(reading);
        }
        return readings;
    }

    private static String decodeOnce(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** RFC 3986's remove_dot_segments, as a server resolves a path before serving it. */
    private static String normalize(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                kept.pollLast();
                if (last) {
                    kept.add("");
                }
            } else if (segment.equals(".")) {
                if (last) {
                    kept.add("");
                }
            } else {
                kept.add(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
