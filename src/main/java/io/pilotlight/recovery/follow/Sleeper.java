package io.pilotlight.recovery.follow;

import java.time.Duration;

/**
 * How a watch waits between polls, injected so tests run it on a fake clock. (The store's
 * decorators have their own {@code io.pilotlight.store.Sleeper}, with a monotonic clock; recovery
 * may not use store, and a watch needs only the wait.)
 */
@FunctionalInterface
public interface Sleeper {
    /** Really waits, as {@link Thread#sleep}. */
    Sleeper SYSTEM = duration -> {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    };

    /** Waits for {@code duration}; throws at once, with the flag cleared, if the thread is or becomes interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
