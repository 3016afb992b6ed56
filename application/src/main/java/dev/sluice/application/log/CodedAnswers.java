package dev.sluice.application.log;

import dev.sluice.domain.exchange.ContentCodings;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * An answer's body as a provider coded it ({@code Content-Encoding}) though asked for none, undone on the writer's
 * thread so that the entry keeps the answer's text and its tokens can be read: coded, the body was logged as bytes
 * nobody could read, with no usage and so no cost, and token and spend limits did not count it. What can be read of
 * it is what the log kept: a body longer than the log's largest is cut, and its end, where usage is, is lost in the
 * coding; its head still decodes.
 */
final class CodedAnswers {

    /** The most a coded answer is inflated to (a small body may inflate without end); past it, it reads as cut. */
    static final long MOST = ExchangeLog.Limits.LARGEST_BODY;

    private CodedAnswers() {
    }

    /**
     * What was seen of the answer, its body undone from {@code contentEncoding}: its head within {@code maxHead}, whole
     * when all of it decoded within that, and its last {@link KeptBytes#TAIL} bytes when the whole body decoded
     * (none when it did not: its end is not known). As it was when it is not coded, not in a coding read here, or not
     * in its coding's format after all.
     */
    static ObservedBody.Seen decoded(ObservedBody.Seen seen, String contentEncoding, int maxHead) {
        if (ContentCodings.identity(contentEncoding) || seen.head().length == 0) {
            return seen;
        }
        Optional<InputStream> decoding = ContentCodings.decoding(contentEncoding, seen.head());
        if (decoding.isEmpty()) {
            return seen;
        }
        // A head the log cut ends before its coding does: what decodes past maxHead would be thrown away.
        KeptBytes kept = new KeptBytes(maxHead);
        boolean ended;
        try (InputStream in = decoding.get()) {
            ended = readInto(kept, in, seen.complete() ? MOST : maxHead);
        } catch (IOException e) {
            ended = false;
        }
        if (!ended && kept.size() == 0) {
            return seen; // not in its coding's format after all
        }
        boolean whole = seen.complete() && ended;
        byte[] head = kept.head();
        boolean complete = whole && kept.whole();
        byte[] tail = complete ? head : whole ? kept.tail() : new byte[0];
        return new ObservedBody.Seen(head, complete, tail, kept.size(), seen.clean(), seen.cancelled(), seen.timedOut());
    }

    /** @return whether the stream ended within {@code most} bytes */
    private static boolean readInto(KeptBytes kept, InputStream in, long most) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            kept.keep(buffer, read, false);
            if (kept.size() > most) {
                return false;
            }
        }
        return true;
    }
}
