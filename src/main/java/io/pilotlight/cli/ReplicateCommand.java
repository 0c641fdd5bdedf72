package io.pilotlight.cli;

import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceUri;
import io.pilotlight.store.ObjectStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replicate", description = "Take a restore point of a disk. Prints the new point's id.")
final class ReplicateCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", required = true, converter = DiskName.Converter.class,
            description = "Name of the disk in the repository: " + DiskName.RULE + ".")
    String disk;

    @Option(names = "--source", paramLabel = "URI", required = true,
            description = "The disk to read: file:/path or a plain path (image or block device).")
    String source;

    @Option(names = "--workers", paramLabel = "N", description = "Threads that hash and compress (default: cores).")
    Integer workers;

    @Option(names = "--json", description = "Print the restore point as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReplicateOptions options = options();
        try (ObjectStore store = top.openExistingStore();
                ConsoleProgress progress = top.progress();
                ChangedBlockSource blocks = SourceUri.open(source)) {
            Repository repository = Repository.open(store);
            PointInfo point = new Replicator(repository, options, progress).replicate(disk, blocks);
            progress.close();
            if (json) {
                Json.print(Json.object(point), top.out());
            } else {
                top.out().println(point.id());
                top.out().flush();
            }
            top.note(PointFormat.summary(point) + "; store: " + top.storeStack().summary());
            point.warnings().forEach(warning -> top.note("warning: " + warning));
        }
        return ExitCodes.OK;
    }

    private ReplicateOptions options() {
        ReplicateOptions defaults = ReplicateOptions.defaults();
        if (workers != null && (workers < 1 || workers > 256)) {
            throw new IllegalArgumentException("--workers " + workers + ": must be between 1 and 256");
        }
        return new ReplicateOptions(workers == null ? defaults.workers() : workers, top.uploads());
    }
}
