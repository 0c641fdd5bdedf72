package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How a failing channel is retried: up to {@code attempts} in all, waiting {@code backoff}, doubling, at most {@code maxBackoff}. */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(30), Duration.ofMinutes(10));

    public RetryPolicy {
        requireNonNull(backoff, "backoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts " + attempts + " must be at least 1");
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("retry backoff " + backoff + " must be positive and at most " + maxBackoff);
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration waitAfter(int attempt) {
        Duration wait = backoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
