package io.pilotlight.schedule;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The scheduler's only way to wait and to run work: {@link SystemTimer} in the daemon, a fake that
 * advances a fake clock in tests. Instants are those of the scheduler's {@link java.time.Clock}.
 */
public interface Timer {

    /** Runs {@code action} once the clock reaches {@code at} (at once if it has); the alarm can be cancelled. */
    Alarm schedule(Instant at, Runnable action);

    /** Runs a job's run on a thread of its own (not the caller's). */
    void execute(Runnable run);

    /**
     * Waits until {@code done} holds or the clock reaches {@code deadline}, whichever is first.
     *
     * @return whether {@code done} held
     */
    boolean waitFor(BooleanSupplier done, Instant deadline) throws InterruptedException;

    /** A scheduled action that may be cancelled before it runs. */
    @FunctionalInterface
    interface Alarm {
        void cancel();
    }
}
