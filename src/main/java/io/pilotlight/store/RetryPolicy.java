package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Random;

/**
 * How {@link RetryingObjectStore} retries: at most {@code maxAttempts} attempts in all, waiting
 * before attempt n+1 a uniformly random time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}
 * ("full jitter": clients that failed together do not retry together).
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts) {
    /** 200 ms, doubling, at most 10 s, 6 attempts: at most about 16 s of waiting in all. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 6);

    public RetryPolicy {
        requireNonNull(baseDelay, "baseDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("retry baseDelay " + baseDelay + " must be positive");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry maxDelay " + maxDelay + " must be at least baseDelay "
                    + baseDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts " + maxAttempts + " must be at least 1");
        }
    }

    /** The longest wait after {@code failedAttempts} (at least 1) failures: the jitter's upper bound. */
    public Duration ceilingAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts " + failedAttempts + " must be at least 1");
        }
        int doublings = Math.min(failedAttempts - 1, 62);
        long base = baseDelay.toNanos();
        long ceiling = base > (maxDelay.toNanos() >> doublings) ? maxDelay.toNanos() : base << doublings;
        return Duration.ofNanos(Math.min(ceiling, maxDelay.toNanos()));
    }

    /** A random wait in {@code [0, ceilingAfter(failedAttempts)]}. */
    public Duration delayAfter(int failedAttempts, Random random) {
        long ceiling = ceilingAfter(failedAttempts).toNanos();
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }
}
