package dev.sluice.domain.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorEventScannerTest {

    private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    /** Streams whose error event is followed by more events and a clean end. */
    private static final List<String> FAILED_MID_STREAM = List.of(
            CHUNK + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"
                    + CHUNK + DONE,
            CHUNK + "data: { \"error\" : {\"message\": \"overloaded\"}}\n\n" + DONE,
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"
                    + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\"}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                    + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\"}}\n\n"
                    + "event: response.completed\ndata: {\"type\":\"response.completed\"}\n\n");

    /** Streams that merely mention an error: content, a tool call's arguments, fields other than the event's own. */
    private static final List<String> WHOLE = List.of(
            CHUNK + DONE,
            "data: {\"choices\":[{\"delta\":{\"content\":\"error\"}}]}\n\n" + DONE,
            "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"error\\\": 1}\"}}]}\n\n" + DONE,
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"type\\\":\\\"error\\\"}\"}}]}}]}\n\n"
                    + DONE,
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"report\","
                    + "\"args\":{\"type\":\"error\"}}}]}}]}\n\n",
            "data: \"error\"\n\ndata: x {\"error\": 1}\n\n" + DONE,
            "event: errors\ndata: {}\n\nevent: error.log\ndata: {}\n\nevent: response.failed.not\ndata: {}\n\n",
            ": event: error\n\nid: error\ndata: {}\n\nevent:  error\ndata: {}\n\n",
            "event: error\n\n" + CHUNK + DONE,
            "event: error\nevent: message\ndata: {}\n\n" + DONE,
            "data: {\"type\":\"errors\"}\n\ndata: {\"errors\":[]}\n\ndatum: {\"error\":1}\n\n" + DONE);

    private static boolean found(String contentType, List<byte[]> chunks) {
        ErrorEventScanner scanner = ErrorEventScanner.forContentType(contentType);
        chunks.forEach(scanner::read);
        return scanner.foundError();
    }

    private static boolean found(String stream) {
        return found("text/event-stream", List.of(bytes(stream)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorEventInTheMiddleOfAStreamIsFoundWhateverFollowsIt() {
        FAILED_MID_STREAM.forEach(stream -> assertThat(found(stream)).as(stream).isTrue());
        FAILED_MID_STREAM.forEach(stream -> assertThat(StreamEnding.failed("text/event-stream", bytes(stream)))
                .as("its last event says nothing is wrong: " + stream).isFalse());
    }

    @Test
    void aStreamThatMerelyMentionsAnErrorHasNoErrorEvent() {
        WHOLE.forEach(stream -> assertThat(found(stream)).as(stream).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void chunksSplitAtEveryByteGiveTheSameVerdictWhateverTheLineEnding(String lineEnd) {
        for (String stream : concat(FAILED_MID_STREAM, WHOLE)) {
            assertSameVerdictHoweverSplit("text/event-stream", bytes(stream.replace("\n", lineEnd)),
                    FAILED_MID_STREAM.contains(stream));
        }
    }

    /** Split in two at every byte, and byte by byte, the body gets the verdict it gets whole. */
    private static void assertSameVerdictHoweverSplit(String contentType, byte[] body, boolean expected) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (int at = 0; at <= body.length; at++) {
            List<byte[]> halves = List.of(Arrays.copyOfRange(body, 0, at), Arrays.copyOfRange(body, at, body.length));
            assertThat(found(contentType, halves)).as("split at %d: %s", at, text).isEqualTo(expected);
        }
        List<byte[]> bytewise = new ArrayList<>();
        for (byte b : body) {
            bytewise.add(new byte[] {b});
        }
        assertThat(found(contentType, bytewise)).as("byte by byte: " + text).isEqualTo(expected);
    }

    @Test
    void aCrLfSplitBetweenChunksEndsOneLineNotTwo() {
        // A CR at a chunk's end and the LF at the next one's start: no blank line between, so one event.
        List<byte[]> chunks = List.of(bytes("event: error\r"), bytes("\ndata: {}\r"), bytes("\n\r\n"));
        assertThat(found("text/event-stream", chunks)).isTrue();
        List<byte[]> named = List.of(bytes("event: error\r"), bytes("\n\r"), bytes("\ndata: {}\r\n\r\n"));
        assertThat(found("text/event-stream", named)).as("the blank line ended the event that had no data").isFalse();
    }

    @Test
    void theDataLinesOfOneEventAreReadAsOne() {
        assertThat(found("data: {\ndata: \"error\": {\"message\": \"overloaded\"}}\n\n" + DONE)).isTrue();
        assertThat(found("data: {}\nevent: error\n\n" + DONE)).as("the event's name may come after its data").isTrue();
        assertThat(found("event: error\ndata: {}\n")).as("an event the stream ends in, with no blank line").isTrue();
    }

    @Test
    void anErrorEventIsWhatStreamEndingTakesForOne() {
        for (String stream : concat(FAILED_MID_STREAM, WHOLE)) {
            SseDecoder decoder = new SseDecoder();
            List<ServerSentEvent> events = new ArrayList<>(decoder.read(bytes(stream)));
            events.addAll(decoder.end());
            for (ServerSentEvent event : events) {
                String alone = (event.event().isEmpty() ? "" : "event: " + event.event() + "\n")
                        + "data: " + event.data().replace("\n", "\ndata: ") + "\n\n";
                assertThat(found(alone)).as(alone).isEqualTo(StreamEnding.isError(event));
            }
        }
    }

    @Test
    void aBodyThatIsNoEventStreamIsNotRead() {
        byte[] error = bytes("data: {\"error\":{\"message\":\"x\"}}\n\n");
        ErrorEventScanner text = ErrorEventScanner.forContentType("text/plain");
        text.read(error);
        assertThat(text.foundError()).isFalse();
        assertThat(ErrorEventScanner.forContentType("text/plain")).as("shared, not made per answer").isSameAs(text);
        assertThat(ErrorEventScanner.foundIn("application/json", error)).isFalse();
        assertThat(ErrorEventScanner.foundIn("Text/Event-Stream; charset=utf-8", error)).isTrue();
    }

    private static final String GEMINI_CHUNK = "{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],"
            + " \"role\": \"model\"}, \"index\": 0}],\n  \"usageMetadata\": {\"promptTokenCount\": 4}\n}";

    /** Gemini's streamGenerateContent without alt=sse: its chunks in one JSON array, an error as one more element. */
    private static final List<String> ARRAYS_WITH_AN_ERROR = List.of(
            "[" + GEMINI_CHUNK + ",\r\n{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded.\",\n"
                    + "    \"status\": \"UNAVAILABLE\"\n  }\n}\n]",
            " [ { \"error\" : {\"code\": 500}} ]",
            "[" + GEMINI_CHUNK + ",{\"type\":\"error\",\"error\":{}}," + GEMINI_CHUNK + "]");

    /** Arrays that merely mention an error: in text, deeper in an element, after an element's first member. */
    private static final List<String> ARRAYS_WITHOUT = List.of(
            "[" + GEMINI_CHUNK + "," + GEMINI_CHUNK + "]",
            "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"{\\\"error\\\": 1} [{\\\"error\\\":\"}]}}]}]",
            "[{\"candidates\":[{\"error\":{\"code\":1}}]},[{\"error\":1}]]",
            "[{\"usageMetadata\":{},\"error\":{\"code\":1}}]",
            "[\"{\\\"error\\\":1}\", {\"a\":\"\\\\\"}, {\"b\":1}]",
            "{\"error\":{\"code\":400}}",
            "{\"candidates\":[{\"error\":1}]}");

    /**
     * Found by a probe: a Gemini stream without alt=sse that ended in an error object was logged a success (and
     * could be cached), as only event streams were read. It is found however the chunks split it.
     */
    @Test
    void anErrorObjectAmongAJsonArraysElementsIsFoundWhereverItIsSplit() {
        for (String body : concat(ARRAYS_WITH_AN_ERROR, ARRAYS_WITHOUT)) {
            boolean expected = ARRAYS_WITH_AN_ERROR.contains(body);
            assertThat(ErrorEventScanner.foundIn("application/json; charset=UTF-8", bytes(body))).as(body)
                    .isEqualTo(expected);
            assertSameVerdictHoweverSplit("Application/JSON", bytes(body), expected);
        }
        assertThat(ErrorEventScanner.foundIn("text/plain", bytes(ARRAYS_WITH_AN_ERROR.get(1)))).isFalse();
    }

    /**
     * Found by a probe: a Bedrock stream that reports a throttlingException in the middle (a message of type
     * {@code exception}) was logged a success. The headers are matched however the chunks split them.
     */
    @Test
    void anAwsEventStreamsExceptionOrErrorMessageIsFoundWhereverItIsSplit() {
        byte[] event = awsMessage("event", "contentBlockDelta");
        byte[] exception = awsMessage("exception", "throttlingException");
        byte[] stream = new byte[event.length + exception.length];
        System.arraycopy(event, 0, stream, 0, event.length);
        System.arraycopy(exception, 0, stream, event.length, exception.length);
        for (int every = 1; every <= stream.length; every += 7) {
            ErrorEventScanner scanner = ErrorEventScanner.forContentType("application/vnd.amazon.eventstream");
            for (int from = 0; from < stream.length; from += every) {
                scanner.read(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + every)));
            }
            assertThat(scanner.foundError()).as("split every " + every).isTrue();
        }
        assertThat(ErrorEventScanner.foundIn("application/vnd.amazon.eventstream", awsMessage("error", "x"))).isTrue();
        assertThat(ErrorEventScanner.foundIn("application/vnd.amazon.eventstream", event)).isFalse();
    }

    /** The headers of one message of AWS's event stream, as its encoding writes them (no prelude, payload or CRCs). */
    private static byte[] awsMessage(String messageType, String eventType) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String[] header : new String[][] {{":event-type", eventType}, {":message-type", messageType}}) {
            byte[] name = bytes(header[0]);
            byte[] value = bytes(header[1]);
            out.write(name.length);
            out.writeBytes(name);
            out.write(7);
            out.write(value.length >> 8);
            out.write(value.length);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
