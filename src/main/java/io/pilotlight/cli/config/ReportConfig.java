package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A scheduled report ({@code reports.NAME}): on each slot of {@code schedule}, the report of the
 * {@code period} before it, in {@code format} ({@code html}, {@code md} or {@code json}), written to
 * {@code directory}, and sent through the alert channel {@code email} when given.
 */
public record ReportConfig(String name, Schedule schedule, Duration period, String format, Path directory,
        Optional<String> email) {
    public ReportConfig {
        Scalars.checkName("report", requireNonNull(name, "name is null"));
        requireNonNull(schedule, "schedule is null");
        requireNonNull(period, "period is null");
        requireNonNull(format, "format is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(email, "email is null");
        if (period.isZero() || period.isNegative()) {
            throw new InvalidValue("report '" + name + "': period " + period + " must be longer than zero", "e.g. 7d");
        }
    }
}
