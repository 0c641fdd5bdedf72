package io.pilotlight.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** A disk's newest committed point and its RPO target, as the daemon last read them. */
record Freshness(Instant newestCommittedPoint, Duration targetRpo) {
    Freshness {
        requireNonNull(newestCommittedPoint, "newestCommittedPoint is null");
        requireNonNull(targetRpo, "targetRpo is null");
        if (targetRpo.isZero() || targetRpo.isNegative()) {
            throw new IllegalArgumentException("RPO target " + targetRpo + " must be positive");
        }
    }

    /** Age of the newest committed point at {@code now}, in seconds; 0 if it lies in the future (clock skew). */
    double ageSeconds(Instant now) {
        Duration age = Duration.between(newestCommittedPoint, now);
        return age.isNegative() ? 0 : seconds(age);
    }

    double ratio(Instant now) {
        return ageSeconds(now) / seconds(targetRpo);
    }

    double pointTimestampSeconds() {
        return newestCommittedPoint.getEpochSecond() + newestCommittedPoint.getNano() / 1e9;
    }

    double targetSeconds() {
        return seconds(targetRpo);
    }

    static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
