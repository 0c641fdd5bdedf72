package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A follower's standby on the recovery site: the follower job, where the standby is, the point it
 * holds and that point's time (empty: no point yet), and a problem in plain words (its state cannot be
 * read, or its last run failed).
 */
public record StandbyView(String follower, String location, Optional<String> point, Optional<Instant> pointTime,
        Optional<String> problem) {
    public StandbyView {
        requireNonNull(follower, "follower is null");
        requireNonNull(location, "location is null");
        requireNonNull(point, "point is null");
        requireNonNull(pointTime, "pointTime is null");
        requireNonNull(problem, "problem is null");
    }

    /** How old the standby's data is at {@code now}: empty when it holds no point yet. */
    public Optional<Duration> age(Instant now) {
        return pointTime.map(time -> Duration.between(time, now)).map(age -> age.isNegative() ? Duration.ZERO : age);
    }
}
