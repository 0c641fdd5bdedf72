package io.pilotlight.report;

import static io.pilotlight.html.Html.escape;

import io.pilotlight.rpo.RpoSvg;
import java.util.List;

/**
 * A report as one self-contained HTML file: inline CSS, an inline SVG chart per subject, no script and
 * no external reference, readable without colour (every band and outcome is also written in words).
 */
final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#1b1b1b;max-width:64em}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
            th{background:#f2f2f2}.ok{color:#155724}.bad{color:#8a1c1c;font-weight:bold}.note{color:#7a4b00}
            .rpo-chart{max-width:100%;height:auto;background:#fff}
            .band-compliant{fill:#e3f4e6}.band-exceeded{fill:#fff4cc}.band-severely{fill:#ffe0c2}
            .band-critically{fill:#fbd3d3}.no-point{fill:#d9d9d9}.target{stroke:#155724;stroke-dasharray:6 4}
            .axis{stroke:#555}.grid{stroke:#ddd}.tick{font-size:11px;fill:#333}
            .rpo{fill:none;stroke:#1f4e9c;stroke-width:1.5}
            """;

    private HtmlReport() {
    }

    static String render(Report report) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        String title = "Protection report, " + Figures.time(report.period().start()) + " to "
                + Figures.time(report.period().end());
        html.append("<title>").append(escape(title)).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n<p>Generated ")
                .append(escape(Figures.time(report.generated()))).append(" from ")
                .append(escape(String.join("; ", report.sources()))).append(".</p>\n");
        report.notes().forEach(note -> html.append("<p class=\"note\">Note: ").append(escape(note)).append("</p>\n"));
        summary(html, report.subjects());
        for (SubjectReport subject : report.subjects()) {
            html.append("<section class=\"subject\"><h2>").append(escape(subject.subject().label()))
                    .append(" (repository ").append(escape(subject.subject().repository())).append(")</h2>\n<ul>");
            ReportText.facts(subject, report.period().end()).forEach(line -> html.append("<li>").append(escape(line))
                    .append("</li>"));
            html.append("</ul>\n").append(chart(subject, report.period())).append("\n");
            failures(html, subject.failures());
            html.append("</section>\n");
        }
        jobs(html, "Verify results", report.jobs().stream().filter(job -> job.kind().equals("verify")).toList());
        jobs(html, "Other jobs", report.jobs().stream().filter(job -> !job.kind().equals("verify")).toList());
        return html.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder html, List<SubjectReport> subjects) {
        html.append("<table class=\"summary\"><tr><th>Subject</th><th>RPO target</th><th>Compliance</th>"
                + "<th>Worst RPO</th><th>RPO at end</th><th>Points taken / kept</th><th>Failed runs</th>"
                + "<th>CBT fallbacks</th><th>Newest bootable</th></tr>\n");
        for (SubjectReport subject : subjects) {
            boolean met = subject.compliance().map(share -> share >= 1.0).orElse(true);
            html.append("<tr><td>").append(escape(subject.subject().label())).append("</td><td>")
                    .append(Figures.duration(subject.subject().target(), "none")).append("</td><td class=\"")
                    .append(met ? "ok" : "bad").append("\">").append(ReportText.compliance(subject))
                    .append(met ? "" : " (missed)").append("</td><td>")
                    .append(Figures.duration(subject.worstRpo(), "no point")).append("</td><td>")
                    .append(Figures.duration(subject.rpoAtEnd(), "no point")).append("</td><td>")
                    .append(subject.pointsTaken()).append(" / ").append(subject.pointsKept()).append("</td><td>")
                    .append(subject.failedRuns()).append("</td><td>").append(subject.cbtFallbacks()).append("</td><td>")
                    .append(escape(subject.bootable().map(Bootable::point).orElse("none on record")))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void failures(StringBuilder html, List<FailureReason> failures) {
        if (failures.isEmpty()) {
            return;
        }
        html.append("<table class=\"failures\"><tr><th>Failed runs</th><th>Reason</th><th>Last</th></tr>\n");
        failures.forEach(failure -> html.append("<tr><td>").append(failure.count()).append("</td><td>")
                .append(escape(failure.reason())).append("</td><td>").append(Figures.time(failure.last()))
                .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    private static void jobs(StringBuilder html, String title, List<JobSummary> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        html.append("<h2>").append(title).append("</h2>\n<table class=\"jobs\"><tr><th>Job</th><th>Kind</th>"
                + "<th>Runs</th><th>Failed</th><th>Last run</th><th>Last failure</th></tr>\n");
        jobs.forEach(job -> html.append("<tr><td>").append(escape(job.name())).append("</td><td>")
                .append(escape(job.kind())).append("</td><td>").append(job.runs()).append("</td><td class=\"")
                .append(job.failed() == 0 ? "ok" : "bad").append("\">").append(job.failed()).append("</td><td>")
                .append(ReportText.lastRun(job)).append("</td><td>").append(escape(job.lastFailure().orElse("-")))
                .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    /** The subject's achieved RPO over the period as the one RPO chart, a grey span before its first point. */
    private static String chart(SubjectReport subject, Period period) {
        return new RpoSvg(period.start(), period.end(), subject.subject().target(), subject.chart(), List.of(),
                subject.measured().map(Period::start)).svg("rpo-chart", "rpo", "Achieved RPO of "
                + subject.subject().label() + " from " + Figures.time(period.start()) + " to "
                + Figures.time(period.end()));
    }
}
