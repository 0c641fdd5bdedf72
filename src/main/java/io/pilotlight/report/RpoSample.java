package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** The achieved RPO at one instant: a vertex of the RPO-over-time line. */
public record RpoSample(Instant at, Duration rpo) {
    public RpoSample {
        requireNonNull(at, "at is null");
        requireNonNull(rpo, "rpo is null");
    }
}
