package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

/** A scheduled {@code verify} of a repository; {@code readData} also reads every chunk. */
public record VerifyJob(String name, String repository, Schedule schedule, boolean readData) {
    public VerifyJob {
        Scalars.checkName("verify job", requireNonNull(name, "name is null"));
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
    }
}
