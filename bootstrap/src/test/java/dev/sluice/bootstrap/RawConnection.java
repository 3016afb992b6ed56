package dev.sluice.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A bare TCP connection to the server, for what an HTTP client will not do: send header bytes that are
 * not UTF-8, stop halfway through a request, or read an answer slowly.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket = new Socket();
    private final long opened;

    RawConnection(URI server) throws IOException {
        this(server, 0);
    }

    /** With {@code receiveBuffer} above 0, a small socket buffer, so that a slow reader holds the server's writes back. */
    RawConnection(URI server, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
        socket.setSoTimeout(15_000);
        opened = System.nanoTime();
    }

    RawConnection send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Everything the server sends until it closes the connection (or 15 s pass), as ISO-8859-1 text. */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            all.write("<still open>".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // A reset after the answer: what was read is what counts.
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** One response with a {@code content-length} (or only its head), read without waiting for the connection to close. */
    String readResponse() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        if (!headers.toLowerCase().contains("content-length: ")) {
            return headers; // an interim response (100 Continue), or one with no body
        }
        int length = Integer.parseInt(headers.toLowerCase().split("content-length: ")[1].split("\r\n")[0].trim());
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Seconds since the connection was opened. */
    double elapsedSeconds() {
        return (System.nanoTime() - opened) / 1e9;
    }

    InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
