package io.pilotlight.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A disk's newest committed point and its RPO target (none: the disk has no target), as the daemon last read them. */
record Freshness(Instant newestCommittedPoint, Optional<Duration> targetRpo) {
    Freshness {
        requireNonNull(newestCommittedPoint, "newestCommittedPoint is null");
        requireNonNull(targetRpo, "targetRpo is null");
        targetRpo.filter(target -> target.isZero() || target.isNegative()).ifPresent(target -> {
            throw new IllegalArgumentException("RPO target " + target + " must be positive");
        });
    }

    /** Age of the newest committed point at {@code now}, in seconds; 0 if it lies in the future (clock skew). */
    double ageSeconds(Instant now) {
        Duration age = Duration.between(newestCommittedPoint, now);
        return age.isNegative() ? 0 : seconds(age);
    }

    /** Age divided by the target; NaN without a target (its series is not registered then). */
    double ratio(Instant now) {
        return targetRpo.map(target -> ageSeconds(now) / seconds(target)).orElse(Double.NaN);
    }

    double pointTimestampSeconds() {
        return newestCommittedPoint.getEpochSecond() + newestCommittedPoint.getNano() / 1e9;
    }

    double targetSeconds() {
        return targetRpo.map(Freshness::seconds).orElse(Double.NaN);
    }

    static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
