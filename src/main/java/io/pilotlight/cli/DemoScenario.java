package io.pilotlight.cli;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceUri;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's story, in a workspace folder: make a sparse disk image, replicate it, change 1% of it in
 * scattered grains, replicate again, restore both points and prove each restore has the SHA-256 the
 * image had at that time. Steps are logged to {@code log}; the result is a {@link DemoReport}.
 */
final class DemoScenario {
    static final String DISK = "demo-disk";
    static final long SEED = 0x5EED_2024L;

    private final Path workspace;
    private final long size;
    private final long data;
    private final ProgressListener progress;
    private final PrintWriter log;

    DemoScenario(Path workspace, long size, long data, ProgressListener progress, PrintWriter log) {
        DemoImage.checkSizes(size, data);
        this.workspace = workspace;
        this.size = size;
        this.data = data;
        this.progress = progress;
        this.log = log;
    }

    DemoReport run() throws IOException {
        Path image = workspace.resolve("disk.img");
        Path repositoryDirectory = Files.createDirectories(workspace.resolve("repo"));
        step("making a " + ByteSize.format(size) + " sparse disk image with " + ByteSize.format(data)
                + " of random data in " + DemoImage.EXTENTS + " extents: " + image);
        DemoImage.create(image, size, data, SEED);
        try (ObjectStore store = new DirectoryObjectStore(repositoryDirectory)) {
            step("creating a repository with 64 KiB grains: " + repositoryDirectory);
            Repository repository = Repository.init(store, DemoImage.GRAIN);
            String firstDigest = FileDigest.sha256(image);
            Timed<PointInfo> first = replicate(repository, image, 1);
            long changed = DemoImage.change(image, size, size / 100, SEED + 1);
            step("changed " + ByteSize.format(changed) + " of the image in scattered 64 KiB grains");
            String secondDigest = FileDigest.sha256(image);
            Timed<PointInfo> second = replicate(repository, image, 2);
            DemoReport.Row firstRow = restoreAndCheck(repository, 1, first, firstDigest);
            DemoReport.Row secondRow = restoreAndCheck(repository, 2, second, secondDigest);
            return new DemoReport(List.of(firstRow, secondRow), directorySize(repositoryDirectory));
        }
    }

    private Timed<PointInfo> replicate(Repository repository, Path image, int number) throws IOException {
        step("replicating the image (point " + number + ")");
        long start = System.nanoTime();
        try (ChangedBlockSource source = SourceUri.open("file:" + image.toAbsolutePath())) {
            PointInfo point = new Replicator(repository, ReplicateOptions.defaults(), progress).replicate(DISK, source);
            return new Timed<>(point, millisSince(start));
        }
    }

    private DemoReport.Row restoreAndCheck(Repository repository, int number, Timed<PointInfo> point,
            String sourceDigest) throws IOException {
        Path target = workspace.resolve("restore-" + number + ".img");
        step("restoring point " + number + " (" + point.value().id() + ") to " + target);
        long start = System.nanoTime();
        RestoreResult result = new Restorer(repository, progress).restore(DISK, point.value().id(), target, false);
        long restoreMillis = millisSince(start);
        String restoredDigest = FileDigest.sha256(result.target());
        step("SHA-256 of restore " + number + ": " + restoredDigest
                + (restoredDigest.equals(sourceDigest) ? " (matches the source)" : " (DIFFERS from " + sourceDigest + ")"));
        return new DemoReport.Row(number, point.value().id(), point.value().changedBytes(),
                point.value().storedBytes(), point.millis(), restoreMillis, sourceDigest, restoredDigest);
    }

    private void step(String message) {
        log.println("demo: " + message);
        log.flush();
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private record Timed<T>(T value, long millis) {}
}
