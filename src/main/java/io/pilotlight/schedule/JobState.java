package io.pilotlight.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job's place in time: its next slot, a retry if one is booked, and whether it waits or runs.
 * Holds the slot rules (catch-up, skipping slots passed during a run, retries before the next slot).
 * Guarded by the scheduler's lock.
 */
final class JobState {
    private static final int MAX_COUNTED_SLOTS = 100_000;

    /** A run that is due: why, for which time, which attempt. */
    record Due(RunKind kind, Instant scheduledTime, int attempt) {
    }

    /** A run in progress. */
    record Run(Due due, Instant start, Cancellation cancellation) {
    }

    final ScheduledJob job;
    final Schedule schedule;
    Optional<Instant> lastRun;
    Instant nextSlot;
    Instant retryAt;
    int failures;
    Due pending;
    Run running;

    JobState(ScheduledJob job) {
        this.job = job;
        this.schedule = job.schedule().forJob(job.name());
    }

    String name() {
        return job.name();
    }

    boolean idle() {
        return running == null && pending == null;
    }

    Instant dueAt() {
        return retryAt != null ? retryAt : nextSlot;
    }

    /** The run due at {@code now}: a retry before the next slot, else the slot, or one catch-up if it is late. */
    Due due(Instant now, Duration catchUpAfter, List<SchedulerEvent> events) {
        if (retryAt != null && nextSlot.isAfter(now)) {
            Due retry = new Due(RunKind.RETRY, retryAt, failures + 1);
            retryAt = null;
            return retry;
        }
        retryAt = null;
        if (Duration.between(nextSlot, now).compareTo(catchUpAfter) > 0) {
            events.add(new SchedulerEvent.CatchUp(name(), lastRun, nextSlot, slotsIn(nextSlot, now.plusNanos(1)), now));
            return new Due(RunKind.CATCH_UP, nextSlot, 1);
        }
        return new Due(RunKind.SLOT, nextSlot, 1);
    }

    /**
     * After a run that ended at {@code end}: the next slot is the first at or after the end (and after
     * the slot just served), and the slots passed during the run are reported as skipped.
     */
    void advancePast(Run run, Instant end, List<SchedulerEvent> events) {
        boolean servedSlot = run.due().kind() == RunKind.SLOT || run.due().kind() == RunKind.CATCH_UP;
        // a run-now that started at or after the next slot (it waited for a place) serves that slot too
        Instant base = servedSlot ? schedule.next(run.due().scheduledTime())
                : nextSlot.isAfter(run.start()) ? nextSlot : schedule.next(run.start());
        Instant next = latest(base, schedule.next(end.minusNanos(1)));
        Instant firstDuringRun = latest(base, schedule.next(run.start()));
        int skipped = slotsIn(firstDuringRun, next);
        if (skipped > 0) {
            events.add(new SchedulerEvent.SkippedBecauseRunning(name(), RunKind.SLOT, firstDuringRun, skipped, end));
        }
        nextSlot = next;
    }

    /** Slots in {@code [from, until)}, counting stops at a large bound. */
    private int slotsIn(Instant from, Instant until) {
        int count = 0;
        for (Instant slot = from; slot.isBefore(until) && count < MAX_COUNTED_SLOTS; slot = schedule.next(slot)) {
            count++;
        }
        return count;
    }

    private static Instant latest(Instant first, Instant second) {
        return first.isAfter(second) ? first : second;
    }
}
