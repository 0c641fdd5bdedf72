package io.pilotlight.cli;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.target.RestoreResult;
import io.pilotlight.target.Restorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = "Write a restore point to a file or block device. Prints path and digest.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", required = true, converter = DiskName.Converter.class,
            description = "The disk to restore.")
    String disk;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id, unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "Target file or block device.")
    Path target;

    @Option(names = "--force", description = "Overwrite an existing target.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            Repository repository = Repository.open(store);
            PointInfo resolved = repository.point(disk, point);
            RestoreResult result = new Restorer(repository, progress).restore(disk, resolved.id(), target, force);
            progress.close();
            if (json) {
                Json.print(Json.object(result), top.out());
            } else {
                top.out().println(result.target() + "  " + result.digest());
                top.out().flush();
            }
            top.note(disk + ": restored point " + resolved.id() + " to " + result.target() + ": "
                    + ByteSize.format(result.diskSize()) + " disk, " + ByteSize.format(result.dataBytes())
                    + " of data written in " + HumanDuration.format(result.durationMillis()));
        }
        return ExitCodes.OK;
    }
}
