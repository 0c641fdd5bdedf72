package io.pilotlight.cli;

import io.pilotlight.recovery.restore.GroupRestorer;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = "Write a restore point to a file or block device (with --group: every "
        + "disk of a group point, as NAME.img in a directory). Prints path and digest.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Restored restored;

    static final class Restored {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to restore.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Restore every disk of a group point; --to is then a directory.")
        String group;
    }

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id (with --group: group point id), unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--to", paramLabel = "FILE", required = true,
            description = "Target file or block device (with --group: a directory).")
    Path target;

    @Option(names = "--force", description = "Overwrite an existing target.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            Repository repository = top.openRepository(store);
            if (restored.group != null) {
                GroupPoint group = repository.groupPoint(restored.group, point);
                List<RestoreResult> results = new GroupRestorer(repository, progress).restore(group, target, force);
                progress.close();
                if (json) {
                    Json.print(Json.array(results), top.out());
                }
                for (RestoreResult result : results) {
                    print(result);
                }
                top.note(restored.group + ": restored group point " + group.id() + " (" + results.size()
                        + " disks) to " + target.toAbsolutePath());
                return ExitCodes.OK;
            }
            PointInfo resolved = repository.point(restored.disk, point);
            RestoreResult result = new Restorer(repository, progress).restore(restored.disk, resolved.id(), target,
                    force);
            progress.close();
            if (json) {
                Json.print(Json.object(result), top.out());
            }
            print(result);
        }
        return ExitCodes.OK;
    }

    private void print(RestoreResult result) {
        if (!json) {
            top.out().println(result.target() + "  " + result.digest());
            top.out().flush();
        }
        top.note(result.disk() + ": restored point " + result.point() + " to " + result.target() + ": "
                + ByteSize.format(result.diskSize()) + " disk, " + ByteSize.format(result.dataBytes())
                + " of data written in " + HumanDuration.format(result.durationMillis()));
    }
}
