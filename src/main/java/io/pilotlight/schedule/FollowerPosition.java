package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a follower's standby stands after a run: the point (or group point) it holds, when that
 * point was taken, and when the newest point of the repository for it was taken, as the run saw it.
 * The follower lag is the age of the standby's point: {@link #lagAt(Instant)}.
 */
public record FollowerPosition(String point, Instant pointCreated, Instant newestCreated) {
    public FollowerPosition {
        requireNonNull(point, "point is null");
        requireNonNull(pointCreated, "pointCreated is null");
        requireNonNull(newestCreated, "newestCreated is null");
    }

    /** Whether the standby holds the newest point the run saw. */
    public boolean holdsNewest() {
        return !newestCreated.isAfter(pointCreated);
    }

    /** How old the standby's point is at {@code now} (zero if {@code now} is before it was taken). */
    public Duration lagAt(Instant now) {
        Duration age = Duration.between(pointCreated, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
