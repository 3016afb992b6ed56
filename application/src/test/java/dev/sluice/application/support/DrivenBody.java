package dev.sluice.application.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

/** A provider's body the test drives: it sends what it is told when told, whatever was asked, and notes a cancel. */
public final class DrivenBody implements Flow.Publisher<byte[]> {

    public Flow.Subscriber<? super byte[]> subscriber;
    public volatile boolean cancelled;

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
        this.subscriber = subscriber;
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
    }

    public void send(String text) {
        subscriber.onNext(text.getBytes(StandardCharsets.UTF_8));
    }
}
