package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A protection report: when it was made, the period, what it was made from ({@code sources}: the
 * history file and the repositories), one section per disk and group, the other jobs' runs (verify
 * results among them), and notes on what could not be read.
 */
public record Report(Instant generated, Period period, List<String> sources, List<SubjectReport> subjects,
        List<JobSummary> jobs, List<String> notes) {
    public Report {
        requireNonNull(generated, "generated is null");
        requireNonNull(period, "period is null");
        sources = List.copyOf(sources);
        subjects = List.copyOf(subjects);
        jobs = List.copyOf(jobs);
        notes = List.copyOf(notes);
    }
}
