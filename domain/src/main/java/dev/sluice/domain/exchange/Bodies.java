package dev.sluice.domain.exchange;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** Bodies that are already whole in memory, offered as the one-chunk stream the pipeline passes on. */
public final class Bodies {

    private Bodies() {
    }

    public static Flow.Publisher<byte[]> of(byte[] body) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void request(long n) {
                if (n <= 0) {
                    if (done.compareAndSet(false, true)) {
                        subscriber.onError(new IllegalArgumentException("demand must be positive (§3.9)"));
                    }
                    return;
                }
                if (done.compareAndSet(false, true)) {
                    if (body.length > 0) {
                        subscriber.onNext(body);
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                done.set(true);
            }
        });
    }
}
