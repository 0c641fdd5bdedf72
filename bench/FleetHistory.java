import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Adds POINTS points to each of the disks PREFIX0 .. PREFIX(DISKS-1) of the directory repository
 * REPO through the library, THREADS disks at a time (for bench/fleet-index.sh): each disk is a
 * 256 KiB raw image under WORK, and each point changes 8 bytes of one of its 64 KiB grains, so
 * each point writes one pack, one index file and one manifest, as a small disk's cycle does. To
 * keep each run's listing of index/ short, a disk's points are written into a scratch repository
 * under WORK holding only REPO's config (same id), whose objects are then moved into REPO: the
 * objects are those the disk's cycles would have written into REPO, as every name is a content hash
 * or the disk's own. Each point is written as if its run had started 5 minutes after the one before,
 * the last an hour ago (the repository's clock, and so the time in a format 6 index file's name):
 * a repository with a history, not one whose every file is younger than a run's cursor margin
 * (END_MINUTES, default 60, moves the last point END_MINUTES minutes back instead).
 *
 *   java -cp target/pilotlight.jar bench/FleetHistory.java REPO WORK PREFIX DISKS POINTS THREADS [END_MINUTES]
 */
public final class FleetHistory {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        String prefix = args[2];
        int disks = Integer.parseInt(args[3]);
        int points = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        long endMinutes = args.length > 6 ? Long.parseLong(args[6]) : 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                for (int disk = first; disk < disks; disk += threads) {
                    Path scratch = work.resolve(prefix + disk + ".repo");
                    Files.createDirectories(scratch);
                    Files.copy(repo.resolve("config"), scratch.resolve("config"));
                    history(new DirectoryObjectStore(scratch), work.resolve(prefix + disk + ".raw"), prefix + disk, points,
                            endMinutes);
                    moveInto(scratch, repo);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }

    private static void moveInto(Path scratch, Path repo) throws Exception {
        try (var walk = Files.walk(scratch)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path relative = scratch.relativize(file);
                if (!relative.toString().equals("config")) {
                    Files.createDirectories(repo.resolve(relative).getParent());
                    Files.move(file, repo.resolve(relative), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void history(DirectoryObjectStore store, Path image, String disk, int points,
            long endMinutes) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(256 << 10);
            for (int i = 0; i < points; i++) {
                java.time.Clock past = java.time.Clock.offset(java.time.Clock.systemUTC(),
                        java.time.Duration.ofMinutes(endMinutes + 5L * (points - 1 - i)).negated());
                Repository repository = Repository.open(store, io.pilotlight.repo.seal.Passphrases.NONE, past,
                        java.util.Optional.empty());
                file.seek(ThreadLocalRandom.current().nextInt(4) * 65536L + 8 * (i % 64));
                file.writeLong(ThreadLocalRandom.current().nextLong());
                try (FileSource source = FileSource.open(image)) {
                    new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate(disk, source);
                }
            }
        }
    }
}
