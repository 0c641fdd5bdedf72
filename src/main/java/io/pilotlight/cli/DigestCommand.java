package io.pilotlight.cli;

import io.pilotlight.recovery.image.RawImage;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "digest", description = {
    "Print the image digest of a raw image or block device (docs/design.md §7).",
    "With --disk, compare it with a restore point's digest: exit 0 if equal, 7 if not."})
final class DigestCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Parameters(paramLabel = "FILE", description = "Raw image or block device.")
    Path file;

    @Option(names = "--grain-size", paramLabel = "SIZE", defaultValue = "64K", converter = GrainSize.Converter.class,
            description = "Grain size when no --disk is given (default: 64K).")
    int grainSize;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Compare with this disk's restore point (uses the repository's grain size).")
    String disk;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id, unique id prefix, or 'latest' (default).")
    String point;

    @Override
    public Integer call() throws Exception {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new IllegalArgumentException("digest " + file + ": is a directory; name a raw image file or a block"
                    + " device");
        }
        if (disk == null) {
            try (ConsoleProgress progress = top.progress()) {
                top.out().println(RawImage.digest(file, grainSize, progress).hex() + "  " + file);
            }
            top.out().flush();
            return ExitCodes.OK;
        }
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            Repository repository = top.openRepository(store);
            PointInfo expected = repository.point(disk, point);
            String actual = RawImage.digest(file, repository.config().grainSize(), progress).hex();
            progress.close();
            top.out().println(actual + "  " + file);
            top.out().flush();
            boolean same = actual.equals(expected.digest());
            top.note(file + (same ? " matches " : " DIFFERS from ") + "point " + expected.id() + " of " + disk
                    + (same ? "" : " (" + expected.digest() + ")"));
            return same ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
        }
    }
}
