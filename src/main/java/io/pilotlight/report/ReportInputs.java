package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.daemon.RunRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report is made from: the facts per subject, the whole run history (for the jobs no
 * subject accounts for), each job's kind when the configuration tells it, what was read ({@code
 * sources}) and what could not be ({@code notes}).
 */
public record ReportInputs(List<SubjectFacts> subjects, List<RunRecord> history, Map<String, String> jobKinds,
        List<String> sources, List<String> notes) {
    public ReportInputs {
        subjects = List.copyOf(requireNonNull(subjects, "subjects is null"));
        history = List.copyOf(requireNonNull(history, "history is null"));
        jobKinds = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(jobKinds, "jobKinds is null")));
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        notes = List.copyOf(requireNonNull(notes, "notes is null"));
    }
}
