package io.pilotlight.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What the demo proved: per restore point, its costs and whether the restore's SHA-256 matched. */
record DemoReport(List<Row> rows, long repositoryBytes) {
    record Row(int number, String pointId, long changedBytes, long storedBytes, long replicateMillis,
            long restoreMillis, String sourceSha256, String restoredSha256) {
        boolean matches() {
            return sourceSha256.equals(restoredSha256);
        }
    }

    DemoReport {
        rows = List.copyOf(rows);
    }

    boolean allMatch() {
        return rows.stream().allMatch(Row::matches);
    }

    void print(PrintWriter out) {
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"POINT", "CHANGED", "STORED", "REPLICATE", "RESTORE", "SHA-256 OF RESTORE"});
        for (Row row : rows) {
            table.add(new String[] {row.number() + " " + row.pointId(), ByteSize.format(row.changedBytes()),
                ByteSize.format(row.storedBytes()), HumanDuration.format(row.replicateMillis()),
                HumanDuration.format(row.restoreMillis()),
                row.matches() ? "✓ matches source " + row.sourceSha256().substring(0, 12)
                        : "✗ DIFFERS: " + row.restoredSha256().substring(0, 12) + " != " + row.sourceSha256().substring(0, 12)});
        }
        TextTable.print(table, out);
        out.println("repository size: " + ByteSize.format(repositoryBytes));
        out.flush();
    }
}
