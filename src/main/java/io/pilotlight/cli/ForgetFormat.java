package io.pilotlight.cli;

import io.pilotlight.repo.forget.ForgetResult;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Forget results for people: a table of every point with keep or remove and why, and a summary line. */
final class ForgetFormat {
    private ForgetFormat() {}

    /**
     * {@code disk d1: last 2 (zone UTC)}, then one row per point, newest first, then one line per
     * member point a group forget removes.
     */
    static void table(ForgetResult result, DateTimeFormatter time, PrintWriter out) {
        out.println((result.group() ? "group " : "disk ") + result.owner() + ": " + result.policy());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {result.group() ? "GROUP POINT" : "POINT", "TIME (" + time.getZone().getId() + ")",
            "ACTION", "REASONS"});
        for (ForgetResult.Verdict verdict : result.points()) {
            rows.add(new String[] {verdict.id(), time.format(verdict.time()), verdict.keep() ? "keep" : "remove",
                verdict.keep() ? String.join(", ", verdict.reasons()) : "-"});
        }
        TextTable.print(rows, out);
        for (ForgetResult.Member member : result.members()) {
            out.println("remove member point " + member.disk() + "/" + member.id() + ": " + member.reason());
        }
        out.flush();
    }

    /**
     * {@code removed 3 of 5 points of disk d1; run prune to free their data}, or in a dry run
     * {@code dry run: would remove 3 of 5 points of disk d1}.
     */
    static String summary(ForgetResult result) {
        String what = result.removed() + " of " + result.total() + (result.group() ? " group points of group "
                : " points of disk ") + result.owner()
                + (result.members().isEmpty() ? "" : " and " + result.members().size() + " member points");
        String locked = result.locked() == 0 ? "" : "; " + result.locked() + " kept under Object Lock, the first"
                + " unlocking " + result.earliestUnlock().orElseThrow() + " (a later forget removes them)";
        if (result.dryRun()) {
            return "dry run: would remove " + what + locked;
        }
        return "removed " + what + (result.removed() + result.members().size() > 0
                ? "; run prune to free their data" : "") + locked;
    }
}
