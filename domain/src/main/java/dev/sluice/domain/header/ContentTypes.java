package dev.sluice.domain.header;

/** What a {@code Content-Type} value says, read without copying it. */
public final class ContentTypes {

    private static final String EVENT_STREAM = "text/event-stream";
    private static final String AWS_EVENT_STREAM = "application/vnd.amazon.eventstream";
    private static final String JSON = "application/json";

    private ContentTypes() {
    }

    /** AWS's binary event stream (Bedrock's streams), whatever its case and parameters. */
    public static boolean isAwsEventStream(String contentType) {
        return contentType.regionMatches(true, 0, AWS_EVENT_STREAM, 0, AWS_EVENT_STREAM.length());
    }

    /** An {@code application/json} content type, whatever its case and parameters. */
    public static boolean isJson(String contentType) {
        return contentType.regionMatches(true, 0, JSON, 0, JSON.length());
    }

    /** A {@code text/event-stream} content type, whatever its case and parameters. */
    public static boolean isEventStream(String contentType) {
        return contentType.regionMatches(true, 0, EVENT_STREAM, 0, EVENT_STREAM.length());
    }
}
