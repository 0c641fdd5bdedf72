package io.pilotlight.status;

import io.pilotlight.html.Html;
import io.pilotlight.rpo.RpoLine;
import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The parts of a disk's or group's block both pages show: its facts, its restore points, its RPO chart. */
final class ItemDetails {
    private ItemDetails() {
    }

    /** RPO now against target, runs, change tracking, members, standbys, drill, as a definition list. */
    static String facts(ProtectedItem item, Instant now) {
        StringBuilder dl = new StringBuilder("<dl>");
        fact(dl, "RPO now", rpo(item, now));
        fact(dl, "Schedule", Html.escape(item.schedule()));
        fact(dl, "Last run", lastRun(item));
        fact(dl, "Next run", item.running() ? "running now" : item.nextRun().map(Quantities::time).map(Html::escape)
                .orElse("not scheduled"));
        item.lastError().ifPresent(error -> fact(dl, "Last error", "<span class=\"error\">" + Html.escape(error)
                + "</span>"));
        item.readProblem().ifPresent(problem -> fact(dl, "Cannot read", "<span class=\"error\">"
                + Html.escape(problem) + "</span>"));
        fact(dl, "Change tracking", item.cbt().map(cbt -> (cbt.fellBack() ? "<span class=\"error\">" : "<span>")
                + Html.escape(cbt.text()) + "</span>").orElse("no point yet"));
        if (!item.members().isEmpty()) {
            fact(dl, "Members", Html.escape(String.join(", ", item.members())));
        }
        for (StandbyView standby : item.standbys()) {
            fact(dl, "Standby " + standby.follower(), standby(standby, now));
        }
        fact(dl, "Drill", item.drill().map(ItemDetails::drill).orElse("never drilled"));
        return dl.append("</dl>").toString();
    }

    static String rpo(ProtectedItem item, Instant now) {
        String age = item.age(now).map(ShortDuration::format).orElse("no point");
        String target = item.target().map(ShortDuration::format).orElse("none");
        return Html.escape(age + " of " + target);
    }

    static String lastRun(ProtectedItem item) {
        return item.lastRun().map(run -> Html.escape(Quantities.time(run.end()) + ": " + run.outcome()
                + " in " + ShortDuration.format(run.duration()))).orElse("none on record");
    }

    private static String standby(StandbyView standby, Instant now) {
        String text = standby.location() + ": " + standby.point().map(point -> "point " + point + ", "
                + standby.age(now).map(ShortDuration::format).orElse("?") + " old").orElse("no point yet");
        return Html.escape(text) + standby.problem().map(problem -> " <span class=\"error\">"
                + Html.escape(problem) + "</span>").orElse("");
    }

    private static String drill(DrillState drill) {
        String verdict = drill.passed() ? "proven bootable" : "drill failed";
        return "<span class=\"state " + (drill.passed() ? "ok" : "critical") + "\">" + verdict + "</span> "
                + Html.escape("point " + drill.point() + " at " + Quantities.time(drill.started())
                + (drill.detail().isEmpty() ? "" : ": " + drill.detail()));
    }

    private static void fact(StringBuilder dl, String term, String html) {
        dl.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    /** The newest {@code limit} restore points as a table, with how many there are in all. */
    static String points(ProtectedItem item, int limit) {
        StringBuilder table = new StringBuilder("<p class=\"meta\">" + item.pointCount() + " restore point"
                + (item.pointCount() == 1 ? "" : "s")
                + (item.pointCount() > Math.min(limit, item.points().size()) ? ", newest "
                + Math.min(limit, item.points().size()) + " shown" : "") + "</p>");
        if (item.points().isEmpty()) {
            return table.toString();
        }
        table.append("<table class=\"points\"><thead><tr><th>Time</th><th>Size</th><th>Changed</th><th>Stored</th>"
                + "<th>Read</th></tr></thead><tbody>");
        for (PointView point : item.points().subList(0, Math.min(limit, item.points().size()))) {
            table.append("<tr><td title=\"").append(Html.escape(point.id())).append("\">")
                    .append(Html.escape(Quantities.time(point.created()))).append("</td><td>")
                    .append(Quantities.bytes(point.size())).append("</td><td>").append(Quantities.bytes(point.changed()))
                    .append("</td><td>").append(Quantities.bytes(point.stored())).append("</td><td>")
                    .append(point.fullRead() ? "whole disk" : "changes").append("</td></tr>");
        }
        return table.append("</tbody></table>").toString();
    }

    /** The RPO chart of the {@code window} before {@code now}, and the share of it within the target. */
    static String chart(ProtectedItem item, Instant now, Duration window, String label) {
        RpoChart chart = chartOf(item, now.minus(window), now);
        String share = chart.compliantShare().map(value -> String.format(Locale.ROOT,
                "within the target %.1f%% of the %s", value * 100, label)).orElse("");
        return "<figure>" + chart.svg("RPO of " + item.kind().word() + " " + item.name() + " over the " + label)
                + "<figcaption class=\"meta\">Age of the newest committed point over the " + Html.escape(label)
                + (share.isEmpty() ? "" : "; " + Html.escape(share)) + ". Red ticks: failed runs.</figcaption></figure>";
    }

    static RpoChart chartOf(ProtectedItem item, Instant from, Instant to) {
        List<RpoLine.Commit> commits = new ArrayList<>();
        List<Instant> failures = new ArrayList<>();
        for (RunView run : item.runs()) {
            if (run.succeeded()) {
                commits.add(new RpoLine.Commit(run.start(), run.end()));
            } else {
                failures.add(run.end());
            }
        }
        Optional<Instant> newest = item.newestPoint();
        if (commits.isEmpty() && newest.isPresent()) {
            commits.add(new RpoLine.Commit(newest.get(), newest.get()));
        }
        return new RpoChart(from, to, item.target(), commits, failures);
    }
}
