package io.pilotlight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.DrillRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Drill evidence for people and for {@code --json}: the {@code BOOTS} column of {@code points}, the
 * {@code drill} field of each point in {@code points --json}, and {@code drill --show}.
 */
final class DrillFormat {
    static final String HEADER = "BOOTS";

    private DrillFormat() {}

    /** {@code yes 14.2 s} (the last check's time), {@code FAILED heartbeat}, {@code -} never drilled, {@code ?} unreadable. */
    static String column(Optional<DrillEvidence> evidence) {
        if (evidence.isEmpty()) {
            return "-";
        }
        if (!(evidence.get() instanceof DrillEvidence.Recorded recorded)) {
            return "?";
        }
        DrillRecord record = recorded.record();
        if (!record.passed()) {
            return "FAILED " + record.firstFailure().map(DrillRecord.Check::name).orElse("(no check ran)");
        }
        List<DrillRecord.Check> checks = record.checks();
        return "yes " + HumanDuration.format(checks.get(checks.size() - 1).elapsedMillis());
    }

    /** The record with its key and its screenshot's key; {@code {key, unreadable}} for a corrupt one; null if none. */
    static JsonNode json(Optional<DrillEvidence> evidence) {
        if (evidence.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (evidence.get() instanceof DrillEvidence.Recorded recorded) {
            ObjectNode node = JsonNodeFactory.instance.objectNode().put("key", recorded.key());
            node.setAll(Json.object(recorded.record()));
            node.put("screenshotKey", recorded.screenshotKey().orElse(null));
            return node;
        }
        DrillEvidence.Unreadable unreadable = (DrillEvidence.Unreadable) evidence.get();
        return JsonNodeFactory.instance.objectNode().put("key", unreadable.key()).put("unreadable", unreadable.problem());
    }

    /** One warning on stderr per unreadable record among {@code shown}, naming it and the rule it breaks. */
    static void warnUnreadable(Collection<DrillEvidence> shown, PrintWriter err) {
        for (DrillEvidence evidence : shown) {
            if (evidence instanceof DrillEvidence.Unreadable unreadable) {
                err.println("warning: drill record unreadable: " + unreadable.problem());
            }
        }
        err.flush();
    }

    /** {@code drill --show}: the verdict, each check with its time, the screenshot and the last serial lines. */
    static List<String> show(DrillEvidence.Recorded evidence) {
        DrillRecord record = evidence.record();
        List<String> lines = new ArrayList<>();
        lines.add("drill " + record.id() + " of " + record.target() + " " + record.name() + " point " + record.point()
                + ": " + (record.passed() ? "passed" : "FAILED") + " under " + record.accelerator() + " ("
                + record.acceleratorReason() + ")");
        lines.add("  started " + PointFormat.TIME.format(record.startedAt()) + " UTC, took "
                + HumanDuration.format(record.durationMillis()) + ", pilotlight " + record.version());
        record.disks().forEach(disk -> lines.add("  disk " + disk.disk() + " point " + disk.point()));
        for (DrillRecord.Check check : record.checks()) {
            lines.add("  " + check.name() + (check.ok() ? " ok " : " FAILED ") + "at "
                    + HumanDuration.format(check.elapsedMillis()) + ": " + check.detail());
        }
        lines.add("  screenshot: " + evidence.screenshotKey().map(key -> key + " (" + ByteSize.format(
                record.screenshot().bytes()) + ")").orElse("none"));
        record.warnings().forEach(warning -> lines.add("  warning: " + warning));
        lines.add("  evidence: " + evidence.key());
        if (!record.serialTail().isEmpty()) {
            lines.add("  last serial lines:");
            record.serialTail().forEach(line -> lines.add("    " + line));
        }
        return lines;
    }
}
