package io.pilotlight.schedule;

/**
 * Receives every {@link SchedulerEvent}, from the scheduler's threads (one call at a time per event,
 * possibly from different threads). A listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface SchedulerListener {
    SchedulerListener NONE = event -> { };

    void on(SchedulerEvent event);
}
