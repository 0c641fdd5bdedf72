package io.pilotlight.status;

import io.pilotlight.html.Html;
import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /disks/NAME} and {@code /groups/NAME}: one disk's or group's facts, its RPO charts of the last
 * day and week, its restore points, and its runs on record, newest first, failures marked.
 */
public final class ItemPage {
    private static final int POINTS_SHOWN = 100;
    private static final int RUNS_SHOWN = 500;

    private ItemPage() {
    }

    public static String render(StatusSnapshot snapshot, ProtectedItem item) {
        Instant now = snapshot.time();
        RpoState state = item.state(now);
        String body = "<p><a href=\"/\">&larr; all disks and groups</a></p><section class=\"item " + state.cssClass()
                + "\" id=\"" + Html.escape(item.kind().word() + "-" + item.name()) + "\"><h2>"
                + Html.escape(item.kind().word() + " " + item.name()) + " " + PageFrame.badge(state) + "</h2>"
                + ItemDetails.facts(item, now)
                + "<h3>RPO, last day</h3>" + ItemDetails.chart(item, now, Duration.ofDays(1), "last day")
                + "<h3>RPO, last week</h3>" + ItemDetails.chart(item, now, Duration.ofDays(7), "last week")
                + "<h3>Restore points</h3>" + ItemDetails.points(item, POINTS_SHOWN)
                + "<h3>Runs</h3>" + runs(item.runs()) + "</section>";
        return PageFrame.page("pilotlight: " + item.kind().word() + " " + item.name(), now, snapshot.refresh(), body);
    }

    private static String runs(List<RunView> runs) {
        if (runs.isEmpty()) {
            return "<p>No run on record.</p>";
        }
        long failures = runs.stream().filter(run -> !run.succeeded()).count();
        StringBuilder table = new StringBuilder("<p class=\"meta\">" + runs.size() + " runs on record, " + failures
                + " failed" + (runs.size() > RUNS_SHOWN ? "; newest " + RUNS_SHOWN + " shown" : "") + "</p>"
                + "<table class=\"runs\"><thead><tr><th>Started</th><th>Why</th><th>Took</th><th>Outcome</th>"
                + "<th>Changed</th><th>Stored</th></tr></thead><tbody>");
        for (int i = runs.size() - 1; i >= Math.max(0, runs.size() - RUNS_SHOWN); i--) {
            RunView run = runs.get(i);
            table.append(run.succeeded() ? "<tr>" : "<tr class=\"failed\">").append("<td>")
                    .append(Html.escape(Quantities.time(run.start()))).append("</td><td>")
                    .append(Html.escape(run.kind().toLowerCase(java.util.Locale.ROOT).replace('_', '-')))
                    .append("</td><td>").append(Html.escape(ShortDuration.format(run.duration()))).append("</td><td>")
                    .append(Html.escape(run.outcome() + (run.reason().isEmpty() ? "" : ": " + run.reason())))
                    .append("</td><td>").append(Quantities.bytes(run.bytesChanged())).append("</td><td>")
                    .append(Quantities.bytes(run.bytesStored())).append("</td></tr>");
        }
        return table.append("</tbody></table>").toString();
    }
}
