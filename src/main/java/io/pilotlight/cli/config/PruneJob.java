package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A scheduled {@code prune} of a repository: chunks unreferenced for less than {@code grace} stay (a
 * writer may still commit a point using them); {@code maxUnusedPercent} is the share of unused space
 * packs may keep before they are repacked.
 */
public record PruneJob(String name, String repository, Schedule schedule, Duration grace, int maxUnusedPercent) {
    public PruneJob {
        Scalars.checkName("prune job", requireNonNull(name, "name is null"));
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(grace, "grace is null");
        if (maxUnusedPercent < 0 || maxUnusedPercent > 100) {
            throw new InvalidValue("max-unused must be 0% to 100%, got " + maxUnusedPercent + "%", "");
        }
    }
}
