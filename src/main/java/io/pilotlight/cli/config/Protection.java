package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.retention.RetentionPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How a disk or group is protected: the repository its points go to, when they are taken, the
 * recovery point objective an alert watches (none: no alert), which points {@code forget} keeps
 * ({@link RetentionPolicy#EMPTY}: all of them) and the zone of the schedule and retention calendar.
 */
public record Protection(String repository, Schedule schedule, Optional<Duration> rpo, RetentionPolicy retention,
        ZoneId zone) {
    public Protection {
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(rpo, "rpo is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(zone, "zone is null");
    }
}
