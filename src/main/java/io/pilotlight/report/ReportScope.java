package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report covers: the subjects a configuration names (with their targets and jobs), or with
 * {@code discover} every disk and group of the repositories, held to {@code defaultTarget}; the
 * followers whose standby age it reads; and each daemon job's kind.
 */
public record ReportScope(List<Subject> subjects, List<FollowerTarget> followers, Map<String, String> jobKinds,
        boolean discover, Optional<Duration> defaultTarget) {
    public ReportScope {
        subjects = List.copyOf(requireNonNull(subjects, "subjects is null"));
        followers = List.copyOf(requireNonNull(followers, "followers is null"));
        jobKinds = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(jobKinds, "jobKinds is null")));
        requireNonNull(defaultTarget, "defaultTarget is null");
    }

    /** Every disk and group of the repositories, each held to {@code target} when given. */
    public static ReportScope discover(Optional<Duration> target) {
        return new ReportScope(List.of(), List.of(), Map.of(), true, target);
    }
}
