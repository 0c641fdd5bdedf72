package io.pilotlight.testing.ebs;

import io.pilotlight.cloud.aws.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} whose time moves only when slept on: retries and waits take no real time. */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        nanos.addAndGet(duration.toNanos());
        slept.addAndGet(duration.toNanos());
        Thread.yield();
    }

    /** Time slept so far. */
    public Duration slept() {
        return Duration.ofNanos(slept.get());
    }
}
