package dev.sluice.domain.usage;

import java.util.List;

/**
 * How a provider frames the JSON documents of an answer that is neither one JSON object, a server-sent event
 * stream nor lines of JSON — AWS's binary event stream, say — so that its usage formats can read them. Kept in
 * the provider's adapter package; the {@link UsageReader} asks it only of a body where it found no usage as text.
 */
@FunctionalInterface
public interface UsageFraming {

    /**
     * The JSON documents (as text) of {@code body} framed this way, in order; empty when the body is not. The body
     * may be only the end of an answer, starting in the middle of a frame.
     */
    List<String> documents(byte[] body);
}
