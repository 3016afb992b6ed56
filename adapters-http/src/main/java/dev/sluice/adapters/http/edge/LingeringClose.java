package dev.sluice.adapters.http.edge;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection refused while its client may still be sending (an HTTP body past its limit, a WebSocket message past
 * its): closed {@link #LINGER} after the refusal is written, what arrives meanwhile read and dropped by the caller.
 * Closed at once, the bytes still arriving made the kernel reset the connection, and the client lost the refusal with
 * it (as servers linger on close for).
 */
final class LingeringClose {

    static final Duration LINGER = Duration.ofSeconds(2);

    private LingeringClose() {
    }

    /** Closes {@code ctx}'s connection {@link #LINGER} after {@code refusal} is written. */
    static void after(ChannelHandlerContext ctx, ChannelFuture refusal) {
        refusal.addListener(written -> ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER.toMillis(), TimeUnit.MILLISECONDS));
    }
}
