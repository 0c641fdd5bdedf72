package io.pilotlight.cli;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "points", description = "List restore points, oldest first.")
final class PointsCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Only this disk's points.")
    String disk;

    @Option(names = "--json", description = "Print a JSON array of restore points.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore store = top.openExistingStore()) {
            List<PointInfo> points = Repository.open(store).points(Optional.ofNullable(disk));
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
}
