package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A token bucket of bytes shared by all threads: refills at {@code bytesPerSecond}, holds at most
 * {@code burst} worth, starts full. Kept as a "theoretical arrival time" (GCRA): each caller
 * reserves its bytes under a lock, in order, then sleeps its own wait outside the lock, so
 * waiting threads never block each other's reservations. A caller asking for more than the bucket
 * holds waits for the debt to refill; the bucket never refuses.
 */
final class TokenBucket {
    private final long bytesPerSecond;
    private final long burstNanos;
    private final Sleeper sleeper;
    private long theoreticalArrival;

    TokenBucket(long bytesPerSecond, Duration burst, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate " + bytesPerSecond + " bytes/s must be positive");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstNanos = requireNonNull(burst, "burst is null").toNanos();
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.theoreticalArrival = sleeper.nanoTime();
    }

    /**
     * Takes {@code bytes} tokens, waiting until the bucket has refilled enough. If interrupted
     * while waiting, throws with the interrupt flag cleared (as {@link Thread#sleep}); the tokens
     * stay spent.
     */
    void take(long bytes) throws InterruptedException {
        long wait = reserve(bytes);
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    /** Reserves {@code bytes} and returns how long the caller must wait before using them, in ns. */
    synchronized long reserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot take " + bytes + " bytes from a token bucket");
        }
        long now = sleeper.nanoTime();
        long cost = (long) Math.ceil(bytes * 1e9 / bytesPerSecond);
        theoreticalArrival = Math.max(theoreticalArrival, now) + cost;
        return Math.max(0, theoreticalArrival - now - burstNanos);
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }
}
