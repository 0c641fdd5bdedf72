package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a run knows of why it runs: its job, the time it was scheduled for (a slot, a retry time, or
 * the moment of a run-now), why, its attempt in a series of retries (1 for the first), and the flag
 * that asks it to stop.
 */
public record JobContext(String jobName, Instant scheduledTime, RunKind kind, int attempt, Cancellation cancellation) {
    public JobContext {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(scheduledTime, "scheduledTime is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(cancellation, "cancellation is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("run of " + jobName + ": attempt " + attempt + " must be at least 1");
        }
    }

    public boolean cancelled() {
        return cancellation.isSet();
    }
}
