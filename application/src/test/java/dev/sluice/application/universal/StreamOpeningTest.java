package dev.sluice.application.universal;

import dev.sluice.application.support.RealJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StreamOpeningTest {

    private static final String ROLE_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"finish_reason\":null}]}\n\n";
    /** As Azure sends it (LangChain4j's fixture "generated from a true API call"): its object is empty. */
    private static final String AZURE_FILTER_CHUNK = "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\","
            + "\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";
    private static final String MESSAGE_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":37,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}\n\n" + "event: ping\ndata: {\"type\": \"ping\"}\n\n";

    private static StreamOpening opening() {
        return new StreamOpening(RealJson::read);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openAisRoleChunkAndAzuresFilterChunkAreAnOpeningAndTheFirstTextIsContent() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes(ROLE_CHUNK + AZURE_FILTER_CHUNK))).isFalse();
        assertThat(opening.test(bytes("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"))).isTrue();
        assertThat(opening.content()).isTrue();
        assertThat(opening.error()).isFalse();
    }

    @Test
    void anErrorAfterTheRoleChunkEndsTheOpeningAsAnError() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes(ROLE_CHUNK + "data: {\"error\": {\"message\": \"overloaded\"}}\n\n"))).isTrue();
        assertThat(opening.error()).isTrue();
        assertThat(opening.content()).isFalse();
    }

    @Test
    void anthropicsMessageStartBlockStartAndPingAreAnOpeningAndAnErrorAfterThemIsAnError() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes(MESSAGE_START))).isFalse();
        assertThat(opening.test(bytes("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"
                + "\n\n"))).isTrue();
        assertThat(opening.error()).isTrue();
    }

    @Test
    void theResponsesApisOpeningThenResponseFailedIsAnError() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes("event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                + "event: response.in_progress\ndata: {\"type\":\"response.in_progress\"}\n\n"))).isFalse();
        assertThat(opening.test(bytes("event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":"
                + "{\"status\":\"failed\",\"error\":{\"code\":\"server_error\"}}}\n\n"))).isTrue();
        assertThat(opening.error()).isTrue();
    }

    @Test
    void anEventSplitAcrossChunksIsJudgedWhenItIsWhole() {
        StreamOpening opening = opening();
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";
        assertThat(opening.test(bytes(MESSAGE_START + delta.substring(0, 30)))).isFalse();
        assertThat(opening.test(bytes(delta.substring(30)))).isTrue();
        assertThat(opening.content()).isTrue();
    }

    @Test
    void whatFinishesOrReportsUsageOrCallsAToolIsContent() {
        for (String chunk : new String[] {
            "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3}}",
            "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                    + "\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\"}}]}}]}",
            "[DONE]"}) {
            StreamOpening opening = opening();
            assertThat(opening.test(bytes("data: " + chunk + "\n\n"))).as(chunk).isTrue();
            assertThat(opening.content()).as(chunk).isTrue();
        }
    }

    @Test
    void formatsItDoesNotKnowAreContentAtTheirFirstEvent() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]}}]}\n\n")))
                .isTrue();
        assertThat(opening.content()).isTrue();
    }

    @Test
    void anOpeningLongerThanItsBoundIsCommittedAsContent() {
        StreamOpening opening = opening();
        boolean over = false;
        for (int i = 0; i < StreamOpening.MOST_HELD / ROLE_CHUNK.length() + 2 && !over; i++) {
            over = opening.test(bytes(ROLE_CHUNK));
        }
        assertThat(over).isTrue();
        assertThat(opening.content()).isTrue();
    }

    @Test
    void atTheEndALastEventWithoutItsBlankLineIsJudgedAndABodyOfNoEventsIsContent() {
        StreamOpening unclosed = opening();
        assertThat(unclosed.test(bytes(ROLE_CHUNK + "data: {\"object\":\"chat.completion.chunk\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"))).isFalse();
        unclosed.end();
        assertThat(unclosed.content()).isTrue();

        StreamOpening notEvents = opening();
        assertThat(notEvents.test(bytes("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}\n"))).isFalse();
        notEvents.end();
        assertThat(notEvents.content()).as("not an event stream, whatever its type said").isTrue();

        StreamOpening openingOnly = opening();
        assertThat(openingOnly.test(bytes(ROLE_CHUNK))).isFalse();
        openingOnly.end();
        assertThat(openingOnly.content()).as("a stream that ended in its opening is cut").isFalse();
    }

    @Test
    void commentsAloneDecideNothing() {
        StreamOpening opening = opening();
        assertThat(opening.test(bytes(": keep-alive\n\n"))).isFalse();
        assertThat(opening.content()).isFalse();
        assertThat(opening.error()).isFalse();
    }
}
