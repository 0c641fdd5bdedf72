package io.pilotlight.recovery.follow;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Keeps a followed disk or group at its newest point: polls, follows when the newest point is not
 * the one held, waits {@code interval}, and again, until stopped. A watch outlives a failed round
 * (the repository unreachable, a point that cannot be applied): it reports it and tries again at
 * the next poll, the image(s) and their state staying truthful. Only an image it may not write
 * (another follower holds it, or it has no follow state: {@link TargetInUseException},
 * {@link TargetExistsException}) ends it, and an interrupt. Every poll is reported as a
 * {@link WatchEvent}, then one {@link WatchEvent.Stopped}.
 */
public final class FollowWatcher<R> {
    private final Followed<R> followed;
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;

    public FollowWatcher(Followed<R> followed, Duration interval, Clock clock, Sleeper sleeper) {
        this.followed = requireNonNull(followed, "followed is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("watch interval " + interval + ": must be more than zero");
        }
    }

    /** Receives the events of a watch, on the watching thread. */
    @FunctionalInterface
    public interface Listener<R> {
        void event(WatchEvent<R> event);
    }

    /**
     * Watches until {@code stop} holds (checked before each poll and before each wait; returns
     * normally), the thread is interrupted (throws {@link InterruptedException}) or a round fails
     * for good (throws its exception).
     */
    public void watch(Listener<R> listener, BooleanSupplier stop) throws IOException, InterruptedException {
        requireNonNull(listener, "listener is null");
        requireNonNull(stop, "stop is null");
        Optional<String> held = Optional.empty();
        long round = 0;
        while (!stop.getAsBoolean()) {
            round++;
            held = poll(listener, round, held);
            if (stop.getAsBoolean()) {
                break;
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                listener.event(new WatchEvent.Stopped<>(clock.instant(), round, WatchEvent.Reason.INTERRUPTED));
                throw e;
            }
        }
        listener.event(new WatchEvent.Stopped<>(clock.instant(), round, WatchEvent.Reason.STOP_REQUESTED));
    }

    /** One poll; returns the point held after it. */
    private Optional<String> poll(Listener<R> listener, long round, Optional<String> held)
            throws IOException, InterruptedException {
        try {
            Optional<String> newest = followed.latest();
            if (held.isPresent() && newest.equals(held)) {
                listener.event(new WatchEvent.NothingNew<>(clock.instant(), round, held.get()));
                return held;
            }
            R result = followed.follow(newest, held.isEmpty());
            String point = followed.held(result);
            listener.event(new WatchEvent.Applied<>(clock.instant(), round, result, point));
            return Optional.of(point);
        } catch (IOException e) {
            boolean interrupted = Thread.interrupted();
            boolean retrying = !interrupted && !(e instanceof TargetExistsException || e instanceof TargetInUseException);
            listener.event(new WatchEvent.Failed<>(clock.instant(), round, e, retrying, interval));
            if (retrying) {
                return held;
            }
            WatchEvent.Reason reason = interrupted ? WatchEvent.Reason.INTERRUPTED : WatchEvent.Reason.FAILED;
            listener.event(new WatchEvent.Stopped<>(clock.instant(), round, reason));
            if (interrupted) {
                InterruptedException stopped = new InterruptedException("follow watch interrupted during round "
                        + round + ": " + e.getMessage());
                stopped.initCause(e);
                throw stopped;
            }
            throw e;
        }
    }
}
