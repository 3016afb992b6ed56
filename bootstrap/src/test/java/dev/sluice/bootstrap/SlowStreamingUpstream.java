package dev.sluice.bootstrap;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that sends one server-sent event, then waits until the test says its client has that
 * event before sending the rest. Through a gateway that buffers, the client would never see the first
 * event in time, and {@link #releasedByClient()} would be false.
 */
final class SlowStreamingUpstream implements AutoCloseable {

    static final String FIRST = "data: {\"choices\":[{\"delta\":{\"content\":\"first\"}}]}\n\n";
    static final String REST = "data: {\"choices\":[{\"delta\":{\"content\":\"second\"}}]}\n\ndata: [DONE]\n\n";

    private final CountDownLatch clientHasFirst = new CountDownLatch(1);
    private final EventStreamUpstream upstream;
    private volatile boolean releasedByClient;

    SlowStreamingUpstream() throws IOException {
        upstream = new EventStreamUpstream().stream("/", events -> {
            events.send(FIRST);
            releasedByClient = clientHasFirst.await(10, TimeUnit.SECONDS);
            events.send(REST);
        });
    }

    String baseUrl() {
        return upstream.baseUrl();
    }

    void clientReceivedFirstEvent() {
        clientHasFirst.countDown();
    }

    boolean releasedByClient() {
        return releasedByClient;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
