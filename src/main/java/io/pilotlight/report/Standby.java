package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a follower's standby stands, read from its state file on this host: the point it holds and
 * that point's data time (when still kept); or why it is not known ({@code problem}).
 */
public record Standby(String follower, Optional<String> point, Optional<Instant> pointCreated,
        Optional<String> problem) {
    public Standby {
        requireNonNull(follower, "follower is null");
        requireNonNull(point, "point is null");
        requireNonNull(pointCreated, "pointCreated is null");
        requireNonNull(problem, "problem is null");
    }

    /** The age of the standby's point at {@code at}, when known. */
    public Optional<Duration> ageAt(Instant at) {
        return pointCreated.map(created -> Duration.between(created, at)).map(age -> age.isNegative()
                ? Duration.ZERO : age);
    }
}
