package io.pilotlight.replicate;

import static io.pilotlight.testing.TestImages.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills replicating child JVMs with SIGKILL at random moments (JVM start, reading, pack uploads,
 * index merge, commit) and checks that the next run completes, that the repository verifies, and
 * that every committed point restores to the image as it was when the point was taken.
 */
@Slow
class CrashTest {
    private static final long IMAGE_SIZE = 256L * MIB;
    private static final int KILLS = 20;
    private static final int MAX_ROUNDS = 45;
    private static final String DISK = "crash";
    /** What {@code Process.exitValue()} reports for a child ended by SIGKILL (128 + 9). */
    private static final int SIGKILL_EXIT = 137;

    @TempDir
    Path dir;

    @Test
    void killedRunsLeaveNoPointAndTheNextRunCompletes() throws Exception {
        Random random = new Random(20261121);
        Path image = dir.resolve("disk.img");
        TestImages.create(image, IMAGE_SIZE, 64, 30, random);
        Path scratch = dir.resolve("scratch");
        Repository.init(new DirectoryObjectStore(scratch), Repository.DEFAULT_GRAIN_SIZE);
        long fullRunMillis = measureUncrashedRun(scratch, image);
        Path changed = dir.resolve("changed.img");
        Files.copy(image, changed);
        TestImages.change(changed, 16L * MIB, new Random(1));
        long incrementalRunMillis = measureUncrashedRun(scratch, changed);
        deleteTree(scratch);
        Files.delete(changed);
        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        Map<String, String> imageOfPoint = new HashMap<>();
        int kills = 0;
        int finishedFirst = 0;
        int staleLeases = 0;
        for (int round = 0; kills < KILLS; round++) {
            assertThat(round).as("rounds needed for %d kills", KILLS).isLessThan(MAX_ROUNDS);
            boolean big = round % 5 == 0;
            if (round > 0) {
                TestImages.change(image, (big ? 48 : 2 + random.nextInt(14)) * (long) MIB, random);
            }
            String imageSha = TestImages.contentDigest(image);
            long delay = (long) (random.nextDouble() * 1.2 * (big ? fullRunMillis : incrementalRunMillis));
            if (killAfter(repo, image, delay, round)) {
                kills++;
            } else {
                finishedFirst++;
            }
            if (Files.exists(repo.resolve("locks/" + DISK))) {
                staleLeases++;
            }
            replicateInProcess(repo, image);
            for (PointInfo point : open(repo).points(Optional.of(DISK))) {
                imageOfPoint.putIfAbsent(point.id(), imageSha);
            }
        }
        System.out.printf("CrashTest: full run %d ms, incremental %d ms, %d kills (%d left a lease behind), %d children finished before"
                + " their kill, %d points%n", fullRunMillis, incrementalRunMillis, kills, staleLeases, finishedFirst, imageOfPoint.size());
        assertThat(staleLeases).as("kills that left a stale lease for the next run to take over").isGreaterThan(0);

        assertThat(dir.resolve("repo/locks/" + DISK)).doesNotExist();
        VerifyReport report = new Verifier(open(repo), ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertRestoresMatch(repo, imageOfPoint);
    }

    @Test
    void runKilledAfterPacksLandedIsResumedByTheNext() throws Exception {
        Random random = new Random(4242);
        Path image = dir.resolve("disk.img");
        TestImages.create(image, IMAGE_SIZE, 64, 30, random);
        Path reference = dir.resolve("reference");
        Repository.init(new DirectoryObjectStore(reference), Repository.DEFAULT_GRAIN_SIZE);
        PointInfo full = replicateInProcess(reference, image);

        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start("256m", ReplicateChild.class, log, repo.toString(), DISK, image.toString());
        while (objects(repo.resolve("data")) < 2 || objects(repo.resolve("index")) < 1) {
            assertThat(child.isAlive()).as("child still running before two packs landed (log %s)", log).isTrue();
            Thread.sleep(2);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(SIGKILL_EXIT);
        assertThat(open(repo).points(Optional.of(DISK))).as("points after the kill").isEmpty();
        int landed = objects(repo.resolve("data"));

        PointInfo resumed = replicateInProcess(repo, image);
        System.out.printf("CrashTest: killed after %d packs; full run stored %d new bytes (%d stored), the resumed"
                + " run %d (%d stored)%n", landed, full.newBytes(), full.storedBytes(), resumed.newBytes(),
                resumed.storedBytes());
        assertThat(resumed.newBytes()).isLessThanOrEqualTo(full.newBytes() - 16L * MIB);
        assertThat(resumed.storedBytes()).isLessThan(full.storedBytes() - 16L * MIB);
        assertThat(resumed.digest()).isEqualTo(full.digest());
        assertThat(new Verifier(open(repo), ProgressListener.NONE).verify(true).faults()).isEmpty();
        assertRestoresMatch(repo, Map.of(resumed.id(), TestImages.contentDigest(image)));
    }

    /** Runs a child to completion on a scratch repository; returns its wall time from start to exit. */
    private long measureUncrashedRun(Path scratch, Path image) throws Exception {
        Path log = dir.resolve("measure.log");
        long started = System.nanoTime();
        Process child = ChildJvm.start("256m", ReplicateChild.class, log, scratch.toString(), DISK, image.toString());
        ChildJvm.finish(child, log, 120);
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Starts a child replicating {@code image} and SIGKILLs it after {@code delayMillis}; returns
     * whether it was killed (false: it finished first, and then it must have succeeded).
     */
    private boolean killAfter(Path repo, Path image, long delayMillis, int round) throws Exception {
        Path log = dir.resolve("child-" + round + ".log");
        Process child = ChildJvm.start("256m", ReplicateChild.class, log, repo.toString(), DISK, image.toString());
        if (child.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            ChildJvm.finish(child, log, 0);
            return false;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() != SIGKILL_EXIT) {
            // It exited on its own just before the kill (destroy closed its stdout): it must have succeeded.
            assertThat(child.exitValue()).as("exit code of child %d; log %s:%n%s", child.pid(), log,
                    Files.readString(log)).isZero();
            return false;
        }
        return true;
    }

    private static PointInfo replicateInProcess(Path repo, Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(open(repo), ReplicateOptions.defaults(), ProgressListener.NONE)
                    .replicate(DISK, source);
        }
    }

    private void assertRestoresMatch(Path repo, Map<String, String> imageOfPoint) throws IOException {
        Repository repository = open(repo);
        List<PointInfo> points = repository.points(Optional.of(DISK));
        assertThat(points).extracting(PointInfo::id).containsExactlyInAnyOrderElementsOf(imageOfPoint.keySet());
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        Path restored = dir.resolve("restored.img");
        for (PointInfo point : points) {
            restorer.restore(DISK, point.id(), restored, true);
            assertThat(TestImages.contentDigest(restored)).as("content digest of point %s restored", point.id())
                    .isEqualTo(imageOfPoint.get(point.id()));
        }
        Files.deleteIfExists(restored);
    }

    private static Repository open(Path repo) throws IOException {
        return Repository.open(new DirectoryObjectStore(repo));
    }

    /** Objects (files not starting with a dot) under {@code directory}, recursively. */
    private static int objects(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return (int) files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
