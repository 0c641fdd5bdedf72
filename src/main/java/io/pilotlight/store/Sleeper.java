package io.pilotlight.store;

import java.time.Duration;

/**
 * A clock the decorators read and wait on, so tests can run them on a fake clock that advances
 * when waited on instead of really sleeping. {@link #sleep} throws {@link InterruptedException}
 * when the calling thread is interrupted, like {@link Thread#sleep}.
 */
public interface Sleeper {
    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Sleeper SYSTEM = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long nanos = duration.toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } else if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
    };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits for {@code duration}; throws at once if the thread is or becomes interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
