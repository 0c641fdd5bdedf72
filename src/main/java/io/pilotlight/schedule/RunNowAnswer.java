package io.pilotlight.schedule;

/** What {@link Scheduler#runNow} did. */
public enum RunNowAnswer {
    /** The run started. */
    STARTED,
    /** The run waits for a free place (the global or a resource-key limit); it goes first when one frees. */
    QUEUED,
    /** The job is running; no second run was started or queued. */
    ALREADY_RUNNING,
    /** The scheduler is stopping or stopped. */
    STOPPED
}
