package io.pilotlight.cli;

import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Restore points for people: the {@code points} table and the one-line {@code replicate} summary. */
final class PointFormat {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"DISK", "POINT", "TIME (UTC)", "SIZE", "CHANGED", "STORED", "DURATION",
        DrillFormat.HEADER};

    private PointFormat() {}

    /** One row per point; {@code drills} holds the newest drill of each drilled point, keyed {@code disk/id}. */
    static void table(List<PointInfo> points, Map<String, DrillEvidence> drills, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PointInfo point : points) {
            rows.add(new String[] {point.disk(), point.id(), TIME.format(point.created()),
                ByteSize.format(point.diskSize()), ByteSize.format(point.changedBytes()),
                ByteSize.format(point.storedBytes()), HumanDuration.format(point.durationMillis()),
                DrillFormat.column(Optional.ofNullable(drills.get(point.disk() + "/" + point.id())))});
        }
        TextTable.print(rows, out);
    }

    /**
     * One row per disk of each group point: the group point, then the disk's own point; the newest drill of
     * the group point (of {@code drills}, keyed {@code group/id}) on its first row.
     */
    static void groupTable(List<GroupPoint> points, Map<String, DrillEvidence> drills, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"GROUP POINT", "TIME (UTC)", "DISK", "POINT", "SIZE", DrillFormat.HEADER});
        for (GroupPoint point : points) {
            String boots = DrillFormat.column(Optional.ofNullable(drills.get(point.group() + "/" + point.id())));
            for (GroupPoint.Member member : point.disks()) {
                rows.add(new String[] {point.id(), TIME.format(point.createdAt()), member.name(), member.point(),
                    ByteSize.format(member.diskSize()), member == point.disks().get(0) ? boots : ""});
            }
        }
        TextTable.print(rows, out);
    }

    /** {@code vm-1: point 3f9a (full pass): read 1.0 GiB, changed 100.0 MiB, new ..., stored ... in 3.2 s}. */
    static String summary(PointInfo point) {
        return point.disk() + ": point " + point.id() + (point.fullPass() ? " (full pass)" : " (incremental)")
                + ": read " + ByteSize.format(point.readBytes())
                + ", changed " + ByteSize.format(point.changedBytes())
                + ", new " + ByteSize.format(point.newBytes())
                + ", stored " + ByteSize.format(point.storedBytes())
                + " in " + HumanDuration.format(point.durationMillis())
                + (point.warnings().isEmpty() ? "" : ", " + point.warnings().size() + " warning(s)");
    }
}
