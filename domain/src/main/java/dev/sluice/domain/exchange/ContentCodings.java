package dev.sluice.domain.exchange;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The content codings of an answer's {@code Content-Encoding} (RFC 9110 8.4) that the gateway undoes to read the
 * answer for the log: {@code gzip} (and its alias {@code x-gzip}) and {@code deflate}, in zlib's format as the RFC
 * says or raw as some servers send it. Providers are asked for {@link HeaderForwarding#UNCOMPRESSED}; these are for
 * one that compresses anyway. Others ({@code br}, {@code zstd}) are not read.
 */
public final class ContentCodings {

    private ContentCodings() {
    }

    /** Whether a body with this {@code Content-Encoding} (null when there is none) is the content as it is. */
    public static boolean identity(String contentEncoding) {
        if (contentEncoding == null) {
            return true;
        }
        for (String coding : contentEncoding.split(",")) {
            String name = coding.trim();
            if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The content of {@code body}, coded as {@code contentEncoding} says (codings listed in the order they were applied),
     * as a stream that undoes them (to be closed); empty when one of them is none this reads, or the body does not start
     * as its coding's format does. A body cut short reads to where it was cut and then fails with an
     * {@link IOException}.
     */
    public static Optional<InputStream> decoding(String contentEncoding, byte[] body) {
        String[] codings = contentEncoding == null ? new String[0] : contentEncoding.split(",");
        InputStream in = new ByteArrayInputStream(body);
        try {
            for (int i = codings.length - 1; i >= 0; i--) {
                String name = codings[i].trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "", "identity" -> {
                    }
                    case "gzip", "x-gzip" -> in = new GZIPInputStream(in, 8192);
                    case "deflate" -> in = inflating(in);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException e) {
            try {
                in.close(); // the codings opened so far, and their inflaters
            } catch (IOException ignored) {
                // Nothing was read from them.
            }
            return Optional.empty();
        }
        return Optional.of(in);
    }

    /** zlib's format when the first two bytes are its header (RFC 1950 2.2), else raw deflate. */
    private static InputStream inflating(InputStream in) throws IOException {
        InputStream marked = in.markSupported() ? in : new BufferedInputStream(in, 2);
        marked.mark(2);
        int first = marked.read();
        int second = marked.read();
        marked.reset();
        boolean zlib = first >= 0 && second >= 0 && (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
        return new InflaterInputStream(marked, new Inflater(!zlib), 8192) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inf.end();
                }
            }
        };
    }
}
