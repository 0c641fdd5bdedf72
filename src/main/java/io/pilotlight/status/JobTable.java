package io.pilotlight.status;

import io.pilotlight.html.Html;

/** The jobs that protect no disk themselves (follow, verify, prune, drill, cloud sync) as a table. */
final class JobTable {
    private JobTable() {
    }

    static String render(StatusSnapshot snapshot) {
        if (snapshot.jobs().isEmpty()) {
            return "";
        }
        StringBuilder table = new StringBuilder("<h2>Other jobs</h2><table class=\"jobs\"><thead><tr><th>Job</th>"
                + "<th>Kind</th><th>Schedule</th><th>Last run</th><th>Next run</th></tr></thead><tbody>");
        for (JobView job : snapshot.jobs()) {
            boolean failed = job.lastRun().map(run -> !run.succeeded()).orElse(false);
            table.append(failed ? "<tr class=\"failed\">" : "<tr>").append("<td>").append(Html.escape(job.name()))
                    .append("</td><td>").append(Html.escape(job.kind())).append("</td><td>")
                    .append(Html.escape(job.schedule())).append("</td><td>")
                    .append(job.lastRun().map(run -> Html.escape(Quantities.time(run.end()) + ": " + run.outcome()
                            + (run.succeeded() ? "" : ": " + run.reason()))).orElse("none on record"))
                    .append("</td><td>").append(job.running() ? "running now" : job.nextRun().map(Quantities::time)
                            .map(Html::escape).orElse("not scheduled")).append("</td></tr>");
        }
        return table.append("</tbody></table>").toString();
    }
}
