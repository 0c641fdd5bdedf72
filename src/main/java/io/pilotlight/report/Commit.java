package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A committed restore point as the RPO sees it: {@code point} is the time of its data (the run's
 * start, the manifest's {@code created}), {@code committed} when it became visible to readers.
 */
public record Commit(Instant point, Instant committed) {
    public Commit {
        requireNonNull(point, "point is null");
        requireNonNull(committed, "committed is null");
        if (committed.isBefore(point)) {
            throw new IllegalArgumentException("point of " + point + " committed at " + committed
                    + ": a point cannot be committed before its data was taken");
        }
    }
}
