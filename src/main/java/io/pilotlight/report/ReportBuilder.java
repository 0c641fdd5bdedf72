package io.pilotlight.report;

import io.pilotlight.daemon.RunRecord;
import io.pilotlight.rpo.RpoLine;
import io.pilotlight.schedule.Notable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Computes a {@link Report} from its inputs over a period: a pure function of the facts and the clock's reading. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static Report build(ReportInputs inputs, Period period, Instant generated) {
        List<SubjectReport> subjects = inputs.subjects().stream().map(facts -> subject(facts, period)).toList();
        Set<String> subjectJobs = new HashSet<>();
        inputs.subjects().forEach(facts -> subjectJobs.add(facts.subject().job()));
        return new Report(generated, period, inputs.sources(), subjects,
                jobs(inputs.history(), subjectJobs, inputs.jobKinds(), period), inputs.notes());
    }

    static SubjectReport subject(SubjectFacts facts, Period period) {
        List<RpoLine.Commit> commits = new ArrayList<>();
        facts.points().forEach(point -> commits.add(point.commit()));
        facts.runs().stream().filter(RunRecord::succeeded)
                .forEach(run -> commits.add(new RpoLine.Commit(run.start(), run.end())));
        RpoLine line = new RpoLine(commits);
        List<RunRecord> runs = facts.runs().stream().filter(run -> period.contains(run.end())).toList();
        List<StoredPoint> kept = facts.points().stream().filter(point -> period.contains(point.created())).toList();
        Optional<Period> measured = measured(facts, period);
        Optional<RpoBands> bands = facts.subject().target().flatMap(target -> measured.map(span ->
                RpoBands.of(line, target, span)));
        boolean history = !facts.runs().isEmpty();
        int taken = history ? (int) runs.stream().filter(RunRecord::succeeded).count() : kept.size();
        Bytes bytes = history ? runs.stream().map(run -> new Bytes(run.bytesRead(), run.bytesChanged(),
                run.bytesStored())).reduce(Bytes.NONE, Bytes::plus)
                : kept.stream().map(StoredPoint::bytes).reduce(Bytes.NONE, Bytes::plus);
        int fallbacks = history ? (int) runs.stream().filter(run -> List.of(run.notable().split(","))
                .contains(Notable.CBT_FALLBACK.name())).count()
                : (int) kept.stream().filter(StoredPoint::cbtFallback).count();
        List<RunRecord> failed = runs.stream().filter(run -> !run.succeeded()).toList();
        Optional<Instant> newest = facts.points().stream().map(StoredPoint::created).max(Comparator.naturalOrder());
        return new SubjectReport(facts.subject(), measured, bands, line.worst(period.start(), period.end()),
                line.at(period.end()), runs.size(), taken, kept.size(), bytes, failed.size(), failures(failed),
                fallbacks, facts.bootable(), facts.standbys(), line.samples(period.start(), period.end()), newest);
    }

    /** From the later of the period's start and the first run or point known, to the period's end. */
    private static Optional<Period> measured(SubjectFacts facts, Period period) {
        Optional<Instant> first = Stream.concat(facts.runs().stream().map(RunRecord::start),
                facts.points().stream().map(StoredPoint::created)).min(Comparator.naturalOrder());
        if (first.isEmpty() || !first.get().isBefore(period.end())) {
            return Optional.empty();
        }
        return Optional.of(new Period(first.get().isAfter(period.start()) ? first.get() : period.start(),
                period.end()));
    }

    private static List<FailureReason> failures(List<RunRecord> failed) {
        Map<String, FailureReason> byReason = new LinkedHashMap<>();
        for (RunRecord run : failed) {
            byReason.merge(run.reason(), new FailureReason(run.reason(), 1, run.end(), run.end()),
                    (a, b) -> new FailureReason(a.reason(), a.count() + 1, a.first(), b.last()));
        }
        return byReason.values().stream().sorted(Comparator.comparingInt(FailureReason::count).reversed()
                .thenComparing(FailureReason::last, Comparator.reverseOrder())).toList();
    }

    private static List<JobSummary> jobs(List<RunRecord> history, Set<String> subjectJobs, Map<String, String> kinds,
            Period period) {
        Map<String, List<RunRecord>> byJob = new LinkedHashMap<>();
        kinds.keySet().stream().filter(job -> !subjectJobs.contains(job))
                .forEach(job -> byJob.put(job, new ArrayList<>()));
        history.stream().filter(run -> period.contains(run.end()) && !subjectJobs.contains(run.job()))
                .forEach(run -> byJob.computeIfAbsent(run.job(), job -> new ArrayList<>()).add(run));
        List<JobSummary> jobs = new ArrayList<>();
        byJob.forEach((job, runs) -> {
            Optional<RunRecord> last = runs.stream().max(Comparator.comparing(RunRecord::end));
            Optional<RunRecord> lastFailure = runs.stream().filter(run -> !run.succeeded())
                    .max(Comparator.comparing(RunRecord::end));
            jobs.add(new JobSummary(job, kinds.getOrDefault(job, "job"), runs.size(),
                    (int) runs.stream().filter(run -> !run.succeeded()).count(), last.map(RunRecord::end),
                    last.map(RunRecord::succeeded), lastFailure.map(RunRecord::reason)));
        });
        return jobs;
    }
}
