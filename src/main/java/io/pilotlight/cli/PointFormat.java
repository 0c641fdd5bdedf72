package io.pilotlight.cli;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Restore points for people: the {@code points} table and the one-line {@code replicate} summary. */
final class PointFormat {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"DISK", "POINT", "TIME (UTC)", "SIZE", "CHANGED", "STORED", "DURATION"};

    private PointFormat() {}

    static void table(List<PointInfo> points, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PointInfo point : points) {
            rows.add(new String[] {point.disk(), point.id(), TIME.format(point.created()),
                ByteSize.format(point.diskSize()), ByteSize.format(point.changedBytes()),
                ByteSize.format(point.storedBytes()), HumanDuration.format(point.durationMillis())});
        }
        TextTable.print(rows, out);
    }

    /** One row per disk of each group point: the group point, then the disk's own point. */
    static void groupTable(List<GroupPoint> points, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"GROUP POINT", "TIME (UTC)", "DISK", "POINT", "SIZE"});
        for (GroupPoint point : points) {
            for (GroupPoint.Member member : point.disks()) {
                rows.add(new String[] {point.id(), TIME.format(point.createdAt()), member.name(), member.point(),
                    ByteSize.format(member.diskSize())});
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
