package io.pilotlight.report;

import java.util.List;
import java.util.Optional;

/** A report as Markdown: a summary table, then a section per disk and group, then verify and other jobs. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Protection report, ").append(Figures.time(report.period().start())).append(" to ")
                .append(Figures.time(report.period().end())).append("\n\n");
        md.append("Generated ").append(Figures.time(report.generated())).append(" from ")
                .append(String.join("; ", report.sources())).append(".\n\n");
        report.notes().forEach(note -> md.append("> Note: ").append(cell(note)).append("\n"));
        md.append(report.notes().isEmpty() ? "" : "\n");
        md.append("| Subject | RPO target | Compliance | Worst RPO | RPO at end | Points taken / kept | Failed runs"
                + " | CBT fallbacks | Newest bootable |\n|---|---|---|---|---|---|---|---|---|\n");
        for (SubjectReport subject : report.subjects()) {
            md.append("| ").append(cell(subject.subject().label())).append(" | ")
                    .append(Figures.duration(subject.subject().target(), "none")).append(" | ")
                    .append(ReportText.compliance(subject)).append(" | ")
                    .append(Figures.duration(subject.worstRpo(), "no point")).append(" | ")
                    .append(Figures.duration(subject.rpoAtEnd(), "no point")).append(" | ")
                    .append(subject.pointsTaken()).append(" / ").append(subject.pointsKept()).append(" | ")
                    .append(subject.failedRuns()).append(" | ").append(subject.cbtFallbacks()).append(" | ")
                    .append(cell(subject.bootable().map(Bootable::point).orElse("none on record"))).append(" |\n");
        }
        report.subjects().forEach(subject -> section(md, subject, report.period()));
        jobs(md, "Verify results", report.jobs().stream().filter(job -> job.kind().equals("verify")).toList());
        jobs(md, "Other jobs", report.jobs().stream().filter(job -> !job.kind().equals("verify")).toList());
        return md.toString();
    }

    private static void section(StringBuilder md, SubjectReport subject, Period period) {
        md.append("\n## ").append(subject.subject().label()).append(" (repository ")
                .append(subject.subject().repository()).append(")\n\n");
        ReportText.facts(subject, period.end()).forEach(line -> md.append("- ").append(cell(line)).append("\n"));
        if (!subject.failures().isEmpty()) {
            md.append("\n| Failed runs | Reason | Last |\n|---|---|---|\n");
            subject.failures().forEach(failure -> md.append("| ").append(failure.count()).append(" | ")
                    .append(cell(failure.reason())).append(" | ").append(Figures.time(failure.last())).append(" |\n"));
        }
    }

    private static void jobs(StringBuilder md, String title, List<JobSummary> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n| Job | Kind | Runs | Failed | Last run | Last failure |\n")
                .append("|---|---|---|---|---|---|\n");
        for (JobSummary job : jobs) {
            md.append("| ").append(cell(job.name())).append(" | ").append(job.kind()).append(" | ").append(job.runs())
                    .append(" | ").append(job.failed()).append(" | ").append(ReportText.lastRun(job)).append(" | ")
                    .append(cell(job.lastFailure().orElse("-"))).append(" |\n");
        }
    }

    /** Text safe in a table cell and a list item: one line, pipes escaped. */
    private static String cell(String text) {
        return Optional.ofNullable(text).orElse("").replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }
}
