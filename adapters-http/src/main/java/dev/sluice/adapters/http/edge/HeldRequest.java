package dev.sluice.adapters.http.edge;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * A request {@link MessageBoundaries} holds while its gateway is checked ({@link LargeBodyGate}), with what the
 * connection read behind it meanwhile (the codec may hand over several messages from one read) and whether the server
 * asked for more to be read: that ask waits with it, so nothing more is read from the connection until it is let go.
 */
final class HeldRequest {

    final HttpRequest head;
    private final ArrayDeque<Object> behind = new ArrayDeque<>(4);
    private boolean readWanted;

    HeldRequest(HttpRequest head) {
        this.head = head;
    }

    void behind(Object message) {
        behind.addLast(message);
    }

    /** The next message read behind the head, or null. */
    Object next() {
        return behind.pollFirst();
    }

    void readWanted() {
        readWanted = true;
    }

    boolean wasReadWanted() {
        return readWanted;
    }

    /** What is left behind this one goes behind the request held after it, in order. */
    void handOver(HeldRequest after) {
        for (Object message = behind.pollFirst(); message != null; message = behind.pollFirst()) {
            after.behind.addLast(message);
        }
        after.readWanted |= readWanted;
    }

    /** The connection closed: the head and all behind it are let go unread. */
    void releaseAll() {
        ReferenceCountUtil.release(head);
        for (Object message = behind.pollFirst(); message != null; message = behind.pollFirst()) {
            ReferenceCountUtil.release(message);
        }
    }
}
