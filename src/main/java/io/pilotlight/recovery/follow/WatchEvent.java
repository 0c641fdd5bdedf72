package io.pilotlight.recovery.follow;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link FollowWatcher} reports, one event per poll ({@code round} counts them from 1),
 * then exactly one {@link Stopped}. {@code R} is the result of one follow.
 */
public sealed interface WatchEvent<R> {
    /** When it happened, on the watcher's clock. */
    Instant at();

    /** The image(s) were brought to the newest point (the first round always follows). */
    record Applied<R>(Instant at, long round, R result, String point) implements WatchEvent<R> {
        public Applied {
            requireNonNull(at, "at is null");
            requireNonNull(result, "result is null");
            requireNonNull(point, "point is null");
        }
    }

    /** The newest point is the one held: nothing was written. */
    record NothingNew<R>(Instant at, long round, String point) implements WatchEvent<R> {
        public NothingNew {
            requireNonNull(at, "at is null");
            requireNonNull(point, "point is null");
        }
    }

    /**
     * The round failed. When {@code retrying}, the watch goes on and polls again after
     * {@code retryIn}; otherwise a {@link Stopped} follows and the watch throws.
     */
    record Failed<R>(Instant at, long round, IOException failure, boolean retrying, Duration retryIn)
            implements WatchEvent<R> {
        public Failed {
            requireNonNull(at, "at is null");
            requireNonNull(failure, "failure is null");
            requireNonNull(retryIn, "retryIn is null");
        }
    }

    /** The watch ended after {@code rounds} polls. */
    record Stopped<R>(Instant at, long rounds, Reason reason) implements WatchEvent<R> {
        public Stopped {
            requireNonNull(at, "at is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** Why a watch ended. */
    enum Reason {
        /** The stop condition held: the watch returned normally. */
        STOP_REQUESTED,
        /** The thread was interrupted: the watch threw {@link InterruptedException}. */
        INTERRUPTED,
        /** A round failed in a way a retry cannot mend: the watch threw its exception. */
        FAILED
    }
}
