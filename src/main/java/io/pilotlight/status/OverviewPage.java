package io.pilotlight.status;

import io.pilotlight.html.Html;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /}: a row per protected disk and group (state in colour and words, RPO now of target, last
 * and next run, last error), then a block per disk and group with its facts, newest points and the
 * RPO chart of the last day, then the other jobs.
 */
public final class OverviewPage {
    private static final int POINTS_SHOWN = 3;

    private OverviewPage() {
    }

    public static String render(StatusSnapshot snapshot) {
        Instant now = snapshot.time();
        StringBuilder body = new StringBuilder();
        body.append(summary(snapshot));
        for (ProtectedItem item : snapshot.items()) {
            body.append("<section class=\"item ").append(item.state(now).cssClass()).append("\" id=\"")
                    .append(Html.escape(item.kind().word() + "-" + item.name())).append("\"><h2><a href=\"")
                    .append(Html.escape(item.path())).append("\">").append(Html.escape(item.kind().word() + " "
                    + item.name())).append("</a> ").append(PageFrame.badge(item.state(now))).append("</h2>")
                    .append(ItemDetails.facts(item, now))
                    .append(ItemDetails.chart(item, now, Duration.ofDays(1), "last day"))
                    .append(ItemDetails.points(item, POINTS_SHOWN)).append("</section>");
        }
        body.append(JobTable.render(snapshot));
        return PageFrame.page("pilotlight status", now, snapshot.refresh(), body.toString());
    }

    private static String summary(StatusSnapshot snapshot) {
        if (snapshot.items().isEmpty()) {
            return "<p>No disk or group is protected by this daemon.</p>";
        }
        Instant now = snapshot.time();
        StringBuilder table = new StringBuilder("<table class=\"summary\"><thead><tr><th>Disk or group</th>"
                + "<th>State</th><th>RPO now of target</th><th>Last run</th><th>Next run</th><th>Last error</th>"
                + "</tr></thead><tbody>");
        for (ProtectedItem item : snapshot.items()) {
            RpoState state = item.state(now);
            table.append("<tr class=\"").append(state.cssClass()).append("\" id=\"row-")
                    .append(Html.escape(item.kind().word() + "-" + item.name())).append("\" data-state=\"")
                    .append(Html.escape(state.label())).append("\">");
            cell(table, "Disk or group", "<a href=\"" + Html.escape(item.path()) + "\">"
                    + Html.escape(item.kind().word() + " " + item.name()) + "</a>");
            cell(table, "State", PageFrame.badge(state));
            cell(table, "RPO now of target", ItemDetails.rpo(item, now));
            cell(table, "Last run", ItemDetails.lastRun(item));
            cell(table, "Next run", item.running() ? "running now" : item.nextRun().map(Quantities::time)
                    .map(Html::escape).orElse("not scheduled"));
            cell(table, "Last error", item.lastError().or(item::readProblem)
                    .map(error -> "<span class=\"error\">" + Html.escape(error) + "</span>").orElse("none"));
            table.append("</tr>");
        }
        return table.append("</tbody></table>").toString();
    }

    private static void cell(StringBuilder table, String label, String html) {
        table.append("<td data-label=\"").append(Html.escape(label)).append("\">").append(html).append("</td>");
    }
}
