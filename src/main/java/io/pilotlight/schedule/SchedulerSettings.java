package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * Limits and policy: at most {@code maxRunning} runs at once, at most {@code maxPerKey} runs holding
 * the same resource key (unless {@code keyLimits} names that key), retries with {@code backoff}, and a
 * run that starts more than {@code catchUpAfter} after its slot counts as a catch-up.
 */
public record SchedulerSettings(int maxRunning, int maxPerKey, Map<String, Integer> keyLimits, Backoff backoff,
                                Duration catchUpAfter) {
    public SchedulerSettings {
        keyLimits = Map.copyOf(requireNonNull(keyLimits, "keyLimits is null"));
        requireNonNull(backoff, "backoff is null");
        requireNonNull(catchUpAfter, "catchUpAfter is null");
        if (maxRunning < 1 || maxPerKey < 1) {
            throw new IllegalArgumentException("scheduler limits: maxRunning " + maxRunning + " and maxPerKey "
                    + maxPerKey + " must be at least 1");
        }
        keyLimits.forEach((key, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("scheduler limit for key " + key + ": " + limit + " must be at least 1");
            }
        });
        if (catchUpAfter.isNegative()) {
            throw new IllegalArgumentException("catchUpAfter " + catchUpAfter + " must not be negative");
        }
    }

    /** Four runs at once, one per resource key, retries after 1m, 2m, 4m… up to 1h, catch-up past 1m late. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(4, 1, Map.of(), new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)),
                Duration.ofMinutes(1));
    }

    public SchedulerSettings withMaxRunning(int max) {
        return new SchedulerSettings(max, maxPerKey, keyLimits, backoff, catchUpAfter);
    }

    /** These settings with {@code max} runs at once and the given per-key limits added to those set. */
    public SchedulerSettings withLimits(int max, Map<String, Integer> limits) {
        Map<String, Integer> merged = new java.util.HashMap<>(keyLimits);
        merged.putAll(limits);
        return new SchedulerSettings(max, maxPerKey, merged, backoff, catchUpAfter);
    }

    public int limitOf(String key) {
        return keyLimits.getOrDefault(key, maxPerKey);
    }
}
