package io.pilotlight.repo.repair;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code repair points} (docs/design.md §18.3): removes every point and group point that cannot be
 * restored, as {@code verify} (or {@code verify --read-data}) finds them, group points first; a
 * good point is never touched (a group point naming a bad member goes, its good members stay as
 * points of their disks). Removes nothing while the index is incomplete (a damaged index file, or a
 * stored pack no index names), since a point may then only look unrestorable: {@code repair index}
 * first (the result names that as a problem left).
 */
public final class PointRemoval {
    private static final String GROUP = "group ";

    private final Repository repository;
    private final ProgressListener progress;

    public PointRemoval(Repository repository, ProgressListener progress) {
        this.repository = repository;
        this.progress = progress;
    }

    public RepairResult run(boolean readData, boolean dryRun) throws IOException {
        VerifyReport report = new Verifier(repository, progress).verify(readData);
        if (!repository.damagedIndexFiles().isEmpty() || report.orphanPacks() > 0) {
            return new RepairResult(dryRun, List.of(), List.of("the index is incomplete ("
                    + repository.damagedIndexFiles().size() + " damaged index file(s), " + report.orphanPacks()
                    + " stored pack(s) no index names), so points may only look unrestorable: nothing is removed;"
                    + " run pilotlight repair index first"));
        }
        List<String> actions = new ArrayList<>();
        for (String point : report.harmed()) {
            if (point.startsWith(GROUP)) {
                String[] name = point.substring(GROUP.length()).split("/", 2);
                actions.add("group point " + name[1] + " of group " + name[0] + " is removed");
                if (!dryRun) {
                    repository.removeUnrestorableGroupPoint(name[0], name[1]);
                }
            }
        }
        for (String point : report.harmed()) {
            if (!point.startsWith(GROUP)) {
                String[] name = point.split("/", 2);
                actions.add("point " + name[1] + " of disk " + name[0] + " is removed");
                if (!dryRun) {
                    repository.removeUnrestorable(name[0], name[1]);
                }
            }
        }
        List<String> left = new ArrayList<>();
        if (report.faults().size() > 0 && report.harmed().isEmpty()) {
            left.add(report.faults().size() + " fault(s) harm no point (pilotlight verify names them)");
        }
        return new RepairResult(dryRun, actions, left);
    }
}
