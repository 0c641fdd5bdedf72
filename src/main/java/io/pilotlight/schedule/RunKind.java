package io.pilotlight.schedule;

/** Why a run started. */
public enum RunKind {
    /** A regular slot of the job's schedule, on time. */
    SLOT,
    /** One run for slots missed while the scheduler was down or the host asleep, however many. */
    CATCH_UP,
    /** A retry after a failed run, before the next slot. */
    RETRY,
    /** Asked for through {@link Scheduler#runNow}. */
    RUN_NOW
}
