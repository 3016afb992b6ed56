package dev.sluice.adapters.gateway.bedrock;

import dev.sluice.domain.usage.UsageFraming;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The JSON payloads of AWS's binary event stream ({@code application/vnd.amazon.eventstream}), which Bedrock's
 * {@code converse-stream} and {@code invoke-with-response-stream} answer in. A message is a prelude (total length,
 * headers length, the prelude's CRC32), headers, the payload and the message's CRC32. The body read may be a
 * stream's end, starting mid-message, so messages are found by their prelude's checksum rather than from the first
 * byte. A payload {@code {"bytes":"<base64>"}} (InvokeModel's stream) wraps the model's own chunk, which is
 * returned decoded.
 */
final class EventStreamDocuments implements UsageFraming {

    private static final int PRELUDE = 12;
    private static final int MIN_MESSAGE = PRELUDE + 4;
    private static final Pattern WRAPPED = Pattern.compile("\"bytes\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    @Override
    public List<String> documents(byte[] body) {
        ByteBuffer bytes = ByteBuffer.wrap(body);
        List<String> documents = new ArrayList<>();
        int at = 0;
        while (at + MIN_MESSAGE <= body.length) {
            int length = messageLength(bytes, at);
            if (length < 0) {
                at++;
                continue;
            }
            int headers = bytes.getInt(at + 4);
            String payload = new String(body, at + PRELUDE + headers, length - PRELUDE - headers - 4,
                    StandardCharsets.UTF_8);
            documents.add(unwrapped(payload));
            at += length;
        }
        return documents;
    }

    /** The length of the message whose prelude starts at {@code at}, or -1 when no valid prelude starts there. */
    private static int messageLength(ByteBuffer bytes, int at) {
        int total = bytes.getInt(at);
        int headers = bytes.getInt(at + 4);
        if (total < MIN_MESSAGE || total > bytes.limit() - at || headers < 0 || headers > total - MIN_MESSAGE) {
            return -1;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.array(), at, 8);
        return (int) crc.getValue() == bytes.getInt(at + 8) ? total : -1;
    }

    private static String unwrapped(String payload) {
        Matcher wrapped = WRAPPED.matcher(payload);
        if (!wrapped.find()) {
            return payload;
        }
        try {
            return new String(Base64.getDecoder().decode(wrapped.group(1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return payload;
        }
    }
}
