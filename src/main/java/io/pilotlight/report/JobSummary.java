package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A daemon job's runs in the period that no subject accounts for (verify, prune, drill, follow, cloud
 * sync, report): its kind when the configuration tells it ({@code job} otherwise), how many runs ended,
 * how many failed, the last run's end and outcome, and the last failure's reason.
 */
public record JobSummary(String name, String kind, int runs, int failed, Optional<Instant> lastRun,
        Optional<Boolean> lastSucceeded, Optional<String> lastFailure) {
    public JobSummary {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(lastRun, "lastRun is null");
        requireNonNull(lastSucceeded, "lastSucceeded is null");
        requireNonNull(lastFailure, "lastFailure is null");
    }
}
