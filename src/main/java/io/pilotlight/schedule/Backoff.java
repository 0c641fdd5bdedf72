package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Retry delays after failures: {@code first}, doubled after each further failure, never above {@code cap}. */
public record Backoff(Duration first, Duration cap) {
    public Backoff {
        requireNonNull(first, "first is null");
        requireNonNull(cap, "cap is null");
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " capped at " + cap
                    + ": the first delay must be positive and the cap at least the first delay");
        }
    }

    /** The delay after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("backoff after " + failures + " failures: at least 1 expected");
        }
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
