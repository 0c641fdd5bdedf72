package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A daemon's {@code reports:} entry: at each run, the report of the {@code length} before now, made
 * from the daemon's history and its repositories (each opened for the run and closed after), rendered
 * in {@code format} and handed to every sink. A sink that fails fails the run, after the others had
 * their turn.
 */
public final class ScheduledReport implements JobPlan.ReportProducer {
    private final Duration length;
    private final ReportFormat format;
    private final ReportScope scope;
    private final Map<String, RepositoryOpener> openers;
    private final Map<String, String> locations;
    private final RunJournal journal;
    private final List<ReportSink> sinks;

    public ScheduledReport(Duration length, ReportFormat format, ReportScope scope,
            Map<String, RepositoryOpener> openers, Map<String, String> locations, RunJournal journal,
            List<ReportSink> sinks) {
        this.length = requireNonNull(length, "length is null");
        this.format = requireNonNull(format, "format is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.openers = new LinkedHashMap<>(requireNonNull(openers, "openers is null"));
        this.locations = Map.copyOf(requireNonNull(locations, "locations is null"));
        this.journal = requireNonNull(journal, "journal is null");
        this.sinks = List.copyOf(requireNonNull(sinks, "sinks is null"));
    }

    @Override
    public String produce(Instant now) throws IOException {
        Map<String, Repository> opened = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        try {
            for (Map.Entry<String, RepositoryOpener> opener : openers.entrySet()) {
                try {
                    opened.put(opener.getKey(), opener.getValue().open());
                } catch (IOException | RuntimeException e) {
                    notes.add("repository " + opener.getKey() + " cannot be opened: " + e.getMessage());
                }
            }
            ReportInputs inputs = new ReportReader(opened, locations, Optional.of(journal)).read(scope);
            List<String> allNotes = new ArrayList<>(notes);
            allNotes.addAll(inputs.notes());
            inputs = new ReportInputs(inputs.subjects(), inputs.history(), inputs.jobKinds(), inputs.sources(), allNotes);
            return deliver(ReportBuilder.build(inputs, Period.ending(now, length), now));
        } finally {
            for (RepositoryOpener opener : openers.values()) {
                opener.close();
            }
        }
    }

    private String deliver(Report report) throws IOException {
        String rendered = format.render(report);
        List<String> delivered = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ReportSink sink : sinks) {
            try {
                delivered.add(sink.deliver(report, format, rendered));
            } catch (IOException | RuntimeException e) {
                failed.add(e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException("report not delivered: " + String.join("; ", failed)
                    + (delivered.isEmpty() ? "" : " (delivered to " + String.join(", ", delivered) + ")"));
        }
        return "report written to " + String.join(", ", delivered);
    }
}
