package io.pilotlight.cloud.aws;

import java.time.Duration;

/** The time retries and waits read and wait on, so tests run them on a fake clock. */
public interface Ticker {
    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(Math.max(0, duration.toMillis()));
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
