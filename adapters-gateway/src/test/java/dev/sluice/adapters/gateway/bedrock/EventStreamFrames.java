package dev.sluice.adapters.gateway.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes AWS event stream messages as Bedrock sends them: prelude, string headers, JSON payload, CRCs. */
public final class EventStreamFrames {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public EventStreamFrames event(String type, String json) {
        byte[] headers = headers(":event-type", type, ":content-type", "application/json", ":message-type", "event");
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        int total = 12 + headers.length + payload.length + 4;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headers.length).putInt(crc(message.array(), 8));
        message.put(headers).put(payload).putInt(crc(message.array(), total - 4));
        out.writeBytes(message.array());
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] headers(String... namesAndValues) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            byte[] name = namesAndValues[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
            headers.write(name.length);
            headers.writeBytes(name);
            headers.write(7);
            headers.write(value.length >> 8);
            headers.write(value.length & 0xff);
            headers.writeBytes(value);
        }
        return headers.toByteArray();
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
