package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the scheduler did, for metrics, history and alerts. {@code at} is the scheduler's clock. */
public sealed interface SchedulerEvent {
    Instant at();

    /** A run started; {@code scheduledTime} is its slot, retry time or run-now time. */
    record Started(String job, RunKind kind, Instant scheduledTime, int attempt, Instant at) implements SchedulerEvent {
        public Started {
            requireNonNull(job, "job is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(scheduledTime, "scheduledTime is null");
            requireNonNull(at, "at is null");
        }
    }

    /** A run succeeded; a notable outcome ({@link JobOutcome#isNotable()}) is reported here, not retried. */
    record Succeeded(String job, JobOutcome outcome, Instant at) implements SchedulerEvent {
        public Succeeded {
            requireNonNull(job, "job is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(at, "at is null");
        }
    }

    /**
     * A run failed. {@code nextRetry} is empty when the next regular slot ({@code nextSlot}) comes
     * first and takes over, or when the scheduler stops.
     */
    record Failed(String job, String reason, int attempt, Optional<Instant> nextRetry, Instant nextSlot, Instant at)
            implements SchedulerEvent {
        public Failed {
            requireNonNull(job, "job is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(nextRetry, "nextRetry is null");
            requireNonNull(nextSlot, "nextSlot is null");
            requireNonNull(at, "at is null");
        }
    }

    /**
     * Runs that did not start because the job was running: {@code count} slots from {@code first}
     * that passed during a run (kind SLOT), or a run-now (kind RUN_NOW, count 1).
     */
    record SkippedBecauseRunning(String job, RunKind kind, Instant first, int count, Instant at)
            implements SchedulerEvent {
        public SkippedBecauseRunning {
            requireNonNull(job, "job is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(first, "first is null");
            requireNonNull(at, "at is null");
            if (count < 1) {
                throw new IllegalArgumentException("skipped runs of " + job + ": count " + count + " must be at least 1");
            }
        }
    }

    /**
     * One catch-up run is due for {@code missedSlots} missed slots from {@code firstMissed} (after a
     * downtime, the host asleep, or no run on record: then {@code lastRun} is empty and the count 0).
     */
    record CatchUp(String job, Optional<Instant> lastRun, Instant firstMissed, int missedSlots, Instant at)
            implements SchedulerEvent {
        public CatchUp {
            requireNonNull(job, "job is null");
            requireNonNull(lastRun, "lastRun is null");
            requireNonNull(firstMissed, "firstMissed is null");
            requireNonNull(at, "at is null");
        }
    }

    /** The scheduler stopped; {@code stillRunning} did not end within the timeout. */
    record Stopped(List<String> stillRunning, Instant at) implements SchedulerEvent {
        public Stopped {
            stillRunning = List.copyOf(requireNonNull(stillRunning, "stillRunning is null"));
            requireNonNull(at, "at is null");
        }
    }
}
