package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How a run ended, filled by the daemon from a library result: success or failure, how long it took,
 * a reason in plain words (required for a failure), the bytes moved, and notable things that are
 * reported but are no failure (e.g. {@link Notable#CBT_FALLBACK}), and for a follower the point its
 * standby holds ({@link FollowerPosition}: the follower lag of metrics and status).
 */
public record JobOutcome(boolean succeeded, Duration duration, String reason, ByteCounts bytes, Set<Notable> notable,
        Optional<FollowerPosition> follower) {
    public JobOutcome {
        requireNonNull(follower, "follower is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(bytes, "bytes is null");
        notable = Set.copyOf(requireNonNull(notable, "notable is null"));
        if (duration.isNegative()) {
            throw new IllegalArgumentException("outcome duration " + duration + " must not be negative");
        }
        if (!succeeded && reason.isBlank()) {
            throw new IllegalArgumentException("a failed outcome needs a reason in plain words");
        }
    }

    /** An outcome of a job that is no follower. */
    public JobOutcome(boolean succeeded, Duration duration, String reason, ByteCounts bytes, Set<Notable> notable) {
        this(succeeded, duration, reason, bytes, notable, Optional.empty());
    }

    /** This outcome, telling where the follower's standby stands. */
    public JobOutcome withFollower(FollowerPosition position) {
        return new JobOutcome(succeeded, duration, reason, bytes, notable, Optional.of(position));
    }

    public static JobOutcome success(Duration duration, ByteCounts bytes, Notable... notable) {
        Set<Notable> flags = notable.length == 0 ? Set.of() : EnumSet.of(notable[0], notable);
        return new JobOutcome(true, duration, "", bytes, flags);
    }

    public static JobOutcome failure(Duration duration, String reason) {
        return new JobOutcome(false, duration, reason, ByteCounts.NONE, Set.of());
    }

    public boolean isNotable() {
        return !notable.isEmpty();
    }
}
