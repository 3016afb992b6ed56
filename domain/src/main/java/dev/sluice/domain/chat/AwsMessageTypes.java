package dev.sluice.domain.chat;

import java.nio.charset.StandardCharsets;

/**
 * Finds, in AWS's binary event stream read chunk by chunk, a message whose {@code :message-type} header says it is a
 * failure: {@code exception} (Bedrock's {@code throttlingException}, {@code modelStreamErrorException} and the rest,
 * sent in the middle of a stream that then ends) or {@code error}. A header is its name's length (one byte), the name,
 * its value's type (7, a string), the value's length (two bytes) and the value ("Event Stream encoding" in the AWS
 * SDKs' documentation), so each of the two is one run of bytes, matched wherever the network split it. Not
 * thread-safe: one stream, one reader at a time.
 */
final class AwsMessageTypes {

    private static final byte[] EXCEPTION = header("exception");
    private static final byte[] ERROR = header("error");

    /** How much of each run has been matched so far. */
    private int exception;
    private int error;

    /** Whether this chunk completed a failure's header (the first byte of each run appears in it nowhere else). */
    boolean failed(byte[] chunk) {
        for (byte b : chunk) {
            exception = next(EXCEPTION, exception, b);
            error = next(ERROR, error, b);
            if (exception == EXCEPTION.length || error == ERROR.length) {
                return true;
            }
        }
        return false;
    }

    private static int next(byte[] run, int matched, byte b) {
        if (run[matched] == b) {
            return matched + 1;
        }
        return run[0] == b ? 1 : 0;
    }

    private static byte[] header(String value) {
        byte[] name = ":message-type".getBytes(StandardCharsets.US_ASCII);
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] run = new byte[1 + name.length + 3 + text.length];
        run[0] = (byte) name.length;
        System.arraycopy(name, 0, run, 1, name.length);
        run[1 + name.length] = 7;
        run[2 + name.length] = (byte) (text.length >> 8);
        run[3 + name.length] = (byte) text.length;
        System.arraycopy(text, 0, run, 4 + name.length, text.length);
        return run;
    }
}
