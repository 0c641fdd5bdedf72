package io.pilotlight.cli;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.util.List;
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
                printGroup(repository.groupIds(group).isEmpty() ? List.of() : repository.groupPoints(group));
                return ExitCodes.OK;
            }
            List<PointInfo> points = repository.points(Optional.ofNullable(disk));
            if (disk != null && points.isEmpty()) {
                repository.manifest(disk, "latest"); // an unknown disk: exit 8, naming the disks there are
            }
            if (json) {
                Json.print(Json.array(points), top.out());
            } else if (points.isEmpty()) {
                top.note(disk == null ? "no restore points yet" : "no restore points of disk " + disk);
            } else {
                PointFormat.table(points, top.out());
            }
        }
        return ExitCodes.OK;
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
