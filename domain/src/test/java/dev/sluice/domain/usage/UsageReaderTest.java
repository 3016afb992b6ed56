package dev.sluice.domain.usage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The common usage object, whole and streamed, and the merging of formats; each provider's own format is
 * tested in its adapter package.
 */
class UsageReaderTest {

    private final UsageReader reader = new UsageReader(MiniJson::parseObject, List.of());

    private Optional<TokenUsage> read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openAiChatCompletionWithCachedPromptTokens() {
        assertThat(read("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
                "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":15,
                "total_tokens":1215,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0}}}
                """)).contains(new TokenUsage(1200, 15, 1024, 0, false));
    }

    /** Found by a probe: Groq's stream reports in its last chunk's x_groq, DeepSeek its cache hits in its own field. */
    @Test
    void groqsStreamUsageAndDeepSeeksCacheHitsAreRead() {
        assertThat(read("""
                data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}

                data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"queue_time":0.01,"prompt_tokens":100,"prompt_time":0.002,"completion_tokens":50,"completion_time":0.04,"total_tokens":150}}}

                data: [DONE]

                """)).contains(TokenUsage.reported(100, 50));
        assertThat(read("""
                {"usage":{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,"prompt_cache_hit_tokens":80,
                "prompt_cache_miss_tokens":20}}
                """)).contains(new TokenUsage(100, 5, 80, 0, false));
    }

    /**
     * A stream sent as one pretty-printed JSON array of its chunks (Gemini's streamGenerateContent without alt=sse),
     * whole or only its kept end: the last element reports it all (found by a probe: it was estimated).
     */
    @Test
    void theLastObjectOfAnArrayOfChunksIsReadWholeOrFromItsEnd() {
        String array = "[{\n  \"parts\": [{\"text\": \"a\"}, {\"text\": \"b\"}],\n  \"usage\": {\"prompt_tokens\": 7,"
                + " \"completion_tokens\": 1}\n}\n,\r\n{\n  \"parts\": [{\"text\": \"c\"}, {\"text\": \"{d}\"}],\n"
                + "  \"meta\": {\"x\": 1},\n  \"usage\": {\"prompt_tokens\": 7, \"completion_tokens\": 9}\n}\n]";
        assertThat(read(array)).contains(TokenUsage.reported(7, 9));
        assertThat(read(array.substring(array.indexOf("\"b\"")))).as("the kept tail of a long one")
                .contains(TokenUsage.reported(7, 9));
        assertThat(read("[{\"usage\": {\"prompt_tokens\": 2, \"completion_tokens\": 3}}]")).contains(TokenUsage.reported(2, 3));
        assertThat(read("[1, 2]")).isEmpty();
        assertThat(read("[{\"usage\": {\"prompt_tokens\": 2")).as("cut before its end").isEmpty();
    }

    /** Found black-box: an array that failed in its middle ends in an error object; the chunk before has the usage. */
    @Test
    void anArrayEndingInAnErrorObjectIsReadFromTheLastChunkBeforeIt() {
        String array = "[{\"usage\": {\"prompt_tokens\": 7, \"completion_tokens\": 1}},\n{\"usage\": {\"prompt_tokens\": 7,"
                + " \"completion_tokens\": 4}},\r\n{\n  \"error\": {\"code\": 503, \"message\": \"overloaded {x}\"}\n}\n]";
        assertThat(read(array)).contains(TokenUsage.reported(7, 4));
        assertThat(read("[{\"error\": {\"code\": 503}}]")).as("an error alone").isEmpty();
        assertThat(read("[{\"parts\": []}, {\"error\": {}}]")).as("no chunk with usage").isEmpty();
    }

    @Test
    void absurdCountsAreTakenAtTheMostOneCountHolds() {
        assertThat(read("""
                {"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":5000000000,"total_tokens":1,
                "prompt_tokens_details":{"cached_tokens":1e30}}}
                """)).contains(new TokenUsage(TokenUsage.MAX_COUNT, TokenUsage.MAX_COUNT, TokenUsage.MAX_COUNT, 0, false));
    }

    @Test
    void openAiStreamReportsUsageInItsLastChunk() {
        assertThat(read("""
                data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

                data: [DONE]

                """)).contains(TokenUsage.reported(9, 2));
    }

    /** An event stream's lines may end with CR LF, LF or a lone CR (the SSE specification's three). */
    @Test
    void aStreamIsReadWhicheverLineEndingsItUses() {
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
        for (String ending : List.of("\r\n", "\r", "\n")) {
            assertThat(read(stream.replace("\n", ending))).as("lines ending %s", ending.replace("\r", "CR").replace("\n", "LF"))
                    .contains(TokenUsage.reported(9, 2));
        }
    }

    @Test
    void everyFormatReadsEachDocumentAndTheReportsMerge() {
        UsageFormat inputOnly = document -> document.containsKey("in") ? Optional.of(TokenUsage.reported(7, 0))
                : Optional.empty();
        UsageReader merged = new UsageReader(MiniJson::parseObject, List.of(inputOnly));
        assertThat(merged.read("""
                data: {"in":1}

                data: {"usage":{"completion_tokens":3}}

                """.getBytes(StandardCharsets.UTF_8))).contains(TokenUsage.reported(7, 3));
    }

    @Test
    void aWholeObjectIsReadFromTheBytesAndTextThatIsNotUtf8AsBefore() {
        List<Object> read = new java.util.ArrayList<>();
        UsageReader bytesFirst = new UsageReader(new dev.sluice.domain.json.JsonObjectReader() {
            @Override
            public java.util.Map<String, Object> readObject(String json) {
                read.add("text");
                return MiniJson.parseObject(json);
            }

            @Override
            public java.util.Map<String, Object> readObjectWithoutArrays(byte[] json) {
                read.add("bytes");
                for (byte b : json) {
                    if (b == (byte) 0xff) {
                        throw new IllegalArgumentException("not UTF-8");
                    }
                }
                return MiniJson.parseObject(new String(json, StandardCharsets.UTF_8));
            }
        }, List.of());
        assertThat(bytesFirst.read(" {\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}".getBytes(
                StandardCharsets.UTF_8))).contains(TokenUsage.reported(3, 1));
        assertThat(read).containsExactly("bytes");

        read.clear();
        byte[] notUtf8 = "{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1},\"x\":\"?\"}"
                .getBytes(StandardCharsets.UTF_8);
        notUtf8[notUtf8.length - 3] = (byte) 0xff;
        assertThat(bytesFirst.read(notUtf8)).as("read again as text, the bad bytes replaced")
                .contains(TokenUsage.reported(3, 1));
        assertThat(read).containsExactly("bytes", "text");
    }

    @Test
    void noUsageIsEmptySoTheCallerCanCount() {
        assertThat(read("{\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}")).isEmpty();
        assertThat(read("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")).isEmpty();
        assertThat(read("<html>not json</html>")).isEmpty();
        assertThat(read("")).isEmpty();
        assertThat(read("{\"usage\":{\"prompt_tokens\":-3}}")).isEmpty();
    }

    @Test
    void aStreamOfJsonLinesIsReadLineByLineEvenFromMidLine() {
        String lines = """
                {"event_type":"stream-start"}
                {"event_type":"text-generation","text":"Hi"}
                {"event_type":"stream-end","usage":{"prompt_tokens":11,"completion_tokens":7}}
                """;
        assertThat(read(lines)).contains(TokenUsage.reported(11, 7));
        assertThat(read(lines.substring(5))).contains(TokenUsage.reported(11, 7));
    }

    @Test
    void aFramingReadsABodyWithNoUsageAsText() {
        UsageFraming framing = body -> body.length > 0 && body[0] == 0
                ? List.of("{\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}") : List.of();
        UsageReader framed = new UsageReader(MiniJson::parseObject, List.of(), List.of(framing));
        assertThat(framed.read(new byte[] {0, 1, 2})).contains(TokenUsage.reported(4, 2));
        assertThat(framed.read(new byte[] {1, 2})).isEmpty();
        assertThat(framed.read("data: {\"usage\":{\"prompt_tokens\":9}}\n\n".getBytes(StandardCharsets.UTF_8)))
                .contains(TokenUsage.reported(9, 0));
    }
}
