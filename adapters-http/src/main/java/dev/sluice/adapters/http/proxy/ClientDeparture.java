package dev.sluice.adapters.http.proxy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tells the pipeline when a client leaves while it waits for its answer's head, so the provider call
 * under way is cancelled at once rather than when the provider answers. Once the head is there, a client
 * that leaves cancels the body it was reading, which reaches the provider the same way; so the watch is
 * kept only until then, and a keep-alive connection never gathers a listener per request.
 */
public final class ClientDeparture {

    private final Channel channel;
    private final CompletableFuture<Void> gone;
    private final ChannelFutureListener listener;

    private ClientDeparture(Channel channel, CompletableFuture<Void> gone, ChannelFutureListener listener) {
        this.channel = channel;
        this.gone = gone;
        this.listener = listener;
    }

    public static ClientDeparture watch(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return new ClientDeparture(null, new CompletableFuture<>(), null);
        }
        Channel channel = netty.getChannelHandlerContext().channel();
        CompletableFuture<Void> gone = new CompletableFuture<>();
        ChannelFutureListener listener = closed -> gone.complete(null);
        channel.closeFuture().addListener(listener);
        return new ClientDeparture(channel, gone, listener);
    }

    /** Completes when the client's connection closes before the answer's head. */
    public CompletionStage<Void> gone() {
        return gone;
    }

    public boolean left() {
        return gone.isDone() || (channel != null && !channel.isActive());
    }

    /** The client's connection, where the server is Netty's. */
    public Optional<Channel> connection() {
        return Optional.ofNullable(channel);
    }

    public void stopWatching() {
        if (channel != null) {
            channel.closeFuture().removeListener(listener);
        }
    }
}
