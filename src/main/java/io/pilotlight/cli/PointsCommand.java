package io.pilotlight.cli;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Readable;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "points", description = "List restore points (or a group's group points), oldest first.")
final class PointsCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Only this disk's points.")
    String disk;

    @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "This group's group points, each with the point of every disk.")
    String group;

    @Option(names = "--json", description = "Print a JSON array of restore points.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (disk != null && group != null) {
            throw new IllegalArgumentException("--disk and --group cannot be used together");
        }
        try (ObjectStore store = top.openExistingStore()) {
            Repository repository = Repository.open(store);
            if (group != null) {
                Readable<GroupPoint> groupPoints = repository.readableGroupPoints(group);
                printGroup(groupPoints.read());
                return unreadable(groupPoints.unreadable(), "group point " + group + "/");
            }
            Readable<PointInfo> readable = repository.readablePoints(Optional.ofNullable(disk));
            List<PointInfo> points = readable.read();
            if (json) {
                Json.print(Json.array(points), top.out());
            } else if (points.isEmpty()) {
                top.note(disk == null ? "no restore points yet" : "no restore points of disk " + disk);
            } else {
                PointFormat.table(points, top.out());
            }
            return unreadable(readable.unreadable(), "point ");
        }
    }

    /**
     * Names each object that could not be read on stderr, after listing the rest; exit 5 when there
     * was one (docs/exit-codes.md), so one damaged manifest never hides the other points.
     */
    private int unreadable(Map<String, String> unreadable, String what) {
        if (unreadable.isEmpty()) {
            return ExitCodes.OK;
        }
        top.out().flush();
        unreadable.forEach((id, why) -> top.err().println("pilotlight: " + what + id + " cannot be read: " + why));
        top.err().println("pilotlight: " + unreadable.size() + " unreadable, not listed (pilotlight verify checks"
                + " the repository, pilotlight repair points removes what cannot be restored)");
        top.err().flush();
        return ExitCodes.CORRUPT_DATA;
    }

    private void printGroup(List<GroupPoint> points) {
        if (json) {
            Json.print(Json.array(points), top.out());
        } else if (points.isEmpty()) {
            top.note("no group points of group " + group);
        } else {
            PointFormat.groupTable(points, top.out());
        }
    }
}
