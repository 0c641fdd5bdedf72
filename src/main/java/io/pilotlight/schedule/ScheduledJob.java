package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A job as the scheduler knows it: a name (unique), its schedule, the resource keys it holds while it
 * runs (e.g. a repository), and the work.
 */
public record ScheduledJob(String name, Schedule schedule, Set<String> resourceKeys, Job job) {
    public ScheduledJob {
        requireNonNull(name, "name is null");
        requireNonNull(schedule, "schedule is null");
        resourceKeys = Set.copyOf(requireNonNull(resourceKeys, "resourceKeys is null"));
        requireNonNull(job, "job is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a scheduled job needs a name");
        }
    }
}
