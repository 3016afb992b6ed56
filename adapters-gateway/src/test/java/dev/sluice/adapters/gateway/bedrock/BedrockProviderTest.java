package dev.sluice.adapters.gateway.bedrock;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bedrock's paths, model location and usage, whole and in AWS's binary event stream. */
class BedrockProviderTest {

    private final ProviderContract contract = new ProviderContract(new BedrockProvider());

    @Test
    void theRegionInThePathPicksTheHostAndTheRestIsKeptAsSent() {
        assertThat(contract.url("bedrock-runtime/us-east-1/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", ""))
                .isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                        + "anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertThat(contract.url("bedrock-runtime/eu-central-1/model/m/invoke-with-response-stream", "a=b"))
                .isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com/model/m/invoke-with-response-stream?a=b");
    }

    @Test
    void aPathThatIsNotServiceRegionRestOrWhoseRegionIsNotAHostLabelIsRefused() {
        for (String path : new String[] {"model/m/converse", "bedrock-runtime/us-east-1", "bedrock/us-east-1/model/m/x",
                "bedrock-runtime/evil.com#/model/m/converse", "bedrock-runtime/US-EAST-1/model/m/converse"}) {
            assertThatThrownBy(() -> contract.url(path, ""), path).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        }
    }

    @Test
    void theModelIdIsReadFromThePathDecoded() {
        assertThat(contract.modelInPath("bedrock-runtime/us-east-1/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"))
                .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void converseUsageCountsCacheReadsAndWritesIntoTheInput() {
        assertThat(contract.usage("""
                {"output":{"message":{"role":"assistant","content":[{"text":"Hi"}]}},"stopReason":"end_turn",
                "usage":{"inputTokens":4,"outputTokens":20,"totalTokens":1224,"cacheReadInputTokens":1000,
                "cacheWriteInputTokens":200},"metrics":{"latencyMs":300}}
                """)).contains(new TokenUsage(1204, 20, 1000, 200, false));
    }

    @Test
    void converseStreamReportsUsageInItsMetadataEventEvenWhenOnlyItsEndWasKept() {
        byte[] stream = new EventStreamFrames()
                .event("messageStart", "{\"role\":\"assistant\",\"p\":\"abcd\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello there\"},\"p\":\"ab\"}")
                .event("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"abcdefg\"}")
                .event("metadata", "{\"usage\":{\"inputTokens\":30,\"outputTokens\":12,\"totalTokens\":42},"
                        + "\"metrics\":{\"latencyMs\":100},\"p\":\"abc\"}")
                .bytes();
        assertThat(contract.usage(stream)).contains(TokenUsage.reported(30, 12));
        assertThat(contract.usage(Arrays.copyOfRange(stream, 7, stream.length))).contains(TokenUsage.reported(30, 12));
    }

    @Test
    void invokeModelStreamWrapsEachChunkInBase64WithInvocationMetricsInTheLast() {
        String last = "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":25,"
                + "\"outputTokenCount\":15,\"invocationLatency\":500,\"firstByteLatency\":200}}";
        byte[] stream = new EventStreamFrames()
                .event("chunk", wrapped("{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"Hi\"}}"))
                .event("chunk", wrapped(last))
                .bytes();
        assertThat(contract.usage(stream)).contains(TokenUsage.reported(25, 15));
    }

    /**
     * InvokeModel puts the tokens in its answer's headers whatever model answered ({@code X-Amzn-Bedrock-Input-Token-Count},
     * {@code X-Amzn-Bedrock-Output-Token-Count}), the only report for models whose bodies have none, such as Mistral's
     * {@code {"outputs":[…]}}.
     */
    @Test
    void invokeModelsTokenCountHeadersAreReadForAnyModel() {
        Headers answer = new Headers(List.of(new Header("content-type", "application/json"),
                new Header("X-Amzn-Bedrock-Input-Token-Count", "17"), new Header("X-Amzn-Bedrock-Output-Token-Count", "5"),
                new Header("X-Amzn-Bedrock-Invocation-Latency", "320")));
        assertThat(contract.usage(answer)).contains(TokenUsage.reported(17, 5));
        // A log entry keeps only these two of the answer's headers while it waits for the writer.
        assertThat(contract.reporting(answer).all()).extracting(Header::value).containsExactly("17", "5");
        assertThat(contract.reporting(new Headers(List.of(new Header("content-type", "application/json")))))
                .isSameAs(Headers.EMPTY);
        assertThat(contract.usage("{\"outputs\":[{\"text\":\"Hi\",\"stop_reason\":\"stop\"}]}")).isEmpty();
        assertThat(contract.usage(new Headers(List.of(new Header("x-amzn-bedrock-input-token-count", "many")))))
                .isEmpty();
        assertThat(contract.usage(Headers.EMPTY)).isEmpty();
    }

    /**
     * Amazon Nova's InvokeModel answer names its prompt cache's counts {@code cacheReadInputTokenCount} and
     * {@code cacheWriteInputTokenCount} in its {@code usage}, and InvokeModel's headers carry them for any model (found
     * by a probe: they were lost).
     */
    @Test
    void novasCacheCountsAndTheCacheHeadersAreRead() {
        assertThat(contract.usage("""
                {"output":{"message":{"role":"assistant","content":[{"text":"Hi"}]}},"stopReason":"end_turn",
                "usage":{"inputTokens":120,"outputTokens":30,"cacheReadInputTokenCount":1000,"cacheWriteInputTokenCount":5}}
                """)).contains(new TokenUsage(1125, 30, 1000, 5, false));
        Headers answer = new Headers(List.of(new Header("X-Amzn-Bedrock-Input-Token-Count", "120"),
                new Header("X-Amzn-Bedrock-Output-Token-Count", "30"),
                new Header("X-Amzn-Bedrock-Cache-Read-Input-Token-Count", "1000")));
        assertThat(contract.usage(answer)).contains(new TokenUsage(1120, 30, 1000, 0, false));
        assertThat(contract.reporting(answer).all()).hasSize(3);
        // Absurd counts are taken at the most one count holds, not added up past a long (which threw on the writer).
        String huge = String.valueOf(Long.MAX_VALUE);
        assertThat(contract.usage(new Headers(List.of(new Header("X-Amzn-Bedrock-Input-Token-Count", huge),
                new Header("X-Amzn-Bedrock-Output-Token-Count", "1"), new Header(BedrockUsageHeaders.CACHE_READ, huge)))))
                .contains(new TokenUsage(TokenUsage.MAX_COUNT, 1, TokenUsage.MAX_COUNT, 0, false));
        assertThat(contract.usage("{\"usage\":{\"inputTokens\":" + huge + ",\"outputTokens\":1,"
                + "\"cacheWriteInputTokenCount\":" + huge + "}}"))
                .contains(new TokenUsage(TokenUsage.MAX_COUNT, 1, 0, TokenUsage.MAX_COUNT, false));
    }

    /** Meta Llama's InvokeModel answer and stream chunks ("Meta Llama models": {@code prompt_token_count}, …). */
    @Test
    void llamasOwnCountsAreReadWholeAndStreamed() {
        assertThat(contract.usage("""
                {"generation":"Paris.","prompt_token_count":18,"generation_token_count":3,"stop_reason":"stop"}
                """)).contains(TokenUsage.reported(18, 3));
        byte[] stream = new EventStreamFrames()
                .event("chunk", wrapped("{\"generation\":\"Par\",\"prompt_token_count\":18,"
                        + "\"generation_token_count\":1,\"stop_reason\":null}"))
                .event("chunk", wrapped("{\"generation\":\"is.\",\"prompt_token_count\":null,"
                        + "\"generation_token_count\":3,\"stop_reason\":\"stop\"}"))
                .bytes();
        assertThat(contract.usage(stream)).contains(TokenUsage.reported(18, 3));
    }

    /**
     * Amazon Titan Text ("Amazon Titan Text models"): a whole answer has its input count at the top and its output
     * count inside {@code results}, which the headers give; a stream chunk has both at the top.
     */
    @Test
    void titansCountsAreReadFromItsStreamChunksAndItsAnswersInputCount() {
        assertThat(contract.usage("""
                {"inputTextTokenCount":9,"results":[{"tokenCount":31,"outputText":"Paris.","completionReason":"FINISH"}]}
                """)).contains(TokenUsage.reported(9, 0));
        byte[] stream = new EventStreamFrames()
                .event("chunk", wrapped("{\"outputText\":\"Paris.\",\"index\":0,\"totalOutputTextTokenCount\":31,"
                        + "\"completionReason\":\"FINISH\",\"inputTextTokenCount\":9}"))
                .bytes();
        assertThat(contract.usage(stream)).contains(TokenUsage.reported(9, 31));
    }

    @Test
    void bytesThatAreNoEventStreamReportNothing() {
        assertThat(contract.usage(new byte[] {0, 0, 0, 40, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})).isEmpty();
    }

    private static String wrapped(String chunk) {
        return "{\"bytes\":\"" + Base64.getEncoder().encodeToString(chunk.getBytes(StandardCharsets.UTF_8))
                + "\",\"p\":\"abc\"}";
    }
}
