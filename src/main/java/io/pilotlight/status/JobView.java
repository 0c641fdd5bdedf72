package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A job that protects no disk itself (verify, prune, drill, follow, cloud sync): its schedule and runs. */
public record JobView(String name, String kind, String schedule, boolean running, Optional<RunView> lastRun,
        Optional<Instant> nextRun) {
    public JobView {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(lastRun, "lastRun is null");
        requireNonNull(nextRun, "nextRun is null");
    }
}
