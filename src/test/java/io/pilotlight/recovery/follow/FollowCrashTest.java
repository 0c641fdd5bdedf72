package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills following child JVMs with SIGKILL at random moments (JVM start, full restore, resize,
 * grain writes, state writes), sometimes twice in a row towards different points, and checks that
 * the next in-process follow, to the killed point or another, is not blocked by the dead child's
 * lock and leaves the image byte for byte equal to a restore of its point, with a state file naming it.
 */
@Slow
class FollowCrashTest {
    private static final int MIB = 1 << 20;
    private static final String DISK = "d1";
    private static final int ROUNDS = 30;
    /** What {@code Process.exitValue()} reports for a child ended by SIGKILL (128 + 9). */
    private static final int SIGKILL_EXIT = 137;

    @TempDir
    Path dir;

    private final Random random = new Random(20260314);
    private final List<PointInfo> points = new ArrayList<>();
    private final List<Path> references = new ArrayList<>();
    private Repository repository;

    @Test
    void killedFollowsAreFinishedByTheNextRun() throws Exception {
        buildPoints();
        Path scratch = Files.createDirectory(dir.resolve("scratch")).resolve("pilot.img");
        long fullMillis = measureUncrashedFollow(scratch, points.get(0));
        long incrementalMillis = measureUncrashedFollow(scratch, points.get(1));

        Path image = Files.createDirectory(dir.resolve("out")).resolve("pilot.img");
        int held = -1;
        int kills = 0;
        int finishedFirst = 0;
        int midApply = 0;
        int mixedTwice = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int target = nextTarget(held);
            long budget = held < 0 ? fullMillis : incrementalMillis;
            long delay = killDelay(budget);
            boolean killed = killAfter(image, points.get(target), delay, round);
            kills += killed ? 1 : 0;
            if (killed && held >= 0 && random.nextInt(3) == 0) {
                // a second child, killed too, towards another point: the image may mix three points
                target = nextTarget(target);
                killed = killAfter(image, points.get(target), killDelay(budget), round);
                kills += killed ? 1 : 0;
                mixedTwice += FollowState.read(image).map(state -> state.mixed().isEmpty() ? 0 : 1).orElse(0);
            }
            if (killed) {
                Optional<FollowState> left = FollowState.read(image);
                if (left.isPresent() && left.get().isApplying()) {
                    midApply++;
                }
                if (random.nextBoolean()) {
                    target = nextTarget(target); // the next run aims elsewhere, over what the kill left
                }
            } else {
                finishedFirst++;
            }
            FollowResult result = new Follower(open(), ProgressListener.NONE)
                    .follow(DISK, image, Optional.of(points.get(target).id()), true);
            assertThat(result.point()).isEqualTo(points.get(target).id());
            assertHolds(image, target);
            held = target;
        }
        System.out.printf("FollowCrashTest: full follow %d ms, incremental %d ms, %d kills (%d left an apply under way,"
                + " %d a mixture of three points), %d children finished before their kill, %d points%n", fullMillis,
                incrementalMillis, kills, midApply, mixedTwice, finishedFirst, points.size());
        assertThat(kills).as("children killed before they finished").isGreaterThanOrEqualTo(ROUNDS / 2);
    }

    /** Anywhere in the first 90% of a follow's time, or in its second half (mid-apply) as often. */
    private long killDelay(long budget) {
        double at = random.nextBoolean() ? 0.9 * random.nextDouble() : 0.5 + 0.4 * random.nextDouble();
        return (long) (at * budget);
    }

    /** Mostly the next point; sometimes a jump back or forward (never the held point itself). */
    private int nextTarget(int held) {
        if (held < 0) {
            return random.nextInt(2);
        }
        int roll = random.nextInt(10);
        if (roll < 6 && held + 1 < points.size()) {
            return held + 1;
        }
        int target;
        do {
            target = random.nextInt(points.size());
        } while (target == held);
        return target;
    }

    private void buildPoints() throws IOException {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), Repository.DEFAULT_GRAIN_SIZE);
        Path source = dir.resolve("source.img");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(96L * MIB);
            for (int n = 0; n < 10; n++) { // about 40 MiB of random data in 4 MiB runs
                write(file, (long) (random.nextDouble() * 92 * MIB), 4 * MIB);
            }
        }
        replicate(source);
        for (int round = 1; round <= 7; round++) {
            try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
                switch (round) {
                    case 2 -> zero(file, (long) (random.nextDouble() * 80 * MIB) + 777, 6 * MIB);
                    case 3 -> { // grow, with data in the new space
                        file.setLength(128L * MIB + 4321);
                        write(file, 110L * MIB, 3 * MIB);
                        write(file, file.length() - 5000, 5000);
                    }
                    case 5 -> { // shrink to a size that ends inside a grain
                        file.setLength(72L * MIB + 12345);
                        write(file, 72L * MIB, 12345);
                    }
                    default -> { }
                }
                scatter(file, 2 * MIB + random.nextInt(4 * MIB));
            }
            replicate(source);
        }
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        for (PointInfo point : points) {
            Path reference = dir.resolve("reference-" + point.id() + ".img");
            restorer.restore(DISK, point.id(), reference, false);
            references.add(reference);
        }
        Files.delete(source);
    }

    /** Scattered writes of 1 KiB to 256 KiB, one in eight of them zeros. */
    private void scatter(RandomAccessFile file, long bytes) throws IOException {
        for (long done = 0; done < bytes; ) {
            int length = 1024 + random.nextInt(255 * 1024);
            long offset = (long) (random.nextDouble() * (file.length() - length));
            if (random.nextInt(8) == 0) {
                zero(file, offset, length);
            } else {
                write(file, offset, length);
            }
            done += length;
        }
    }

    private void write(RandomAccessFile file, long offset, int length) throws IOException {
        byte[] data = new byte[length];
        random.nextBytes(data);
        file.seek(offset);
        file.write(data);
    }

    private static void zero(RandomAccessFile file, long offset, int length) throws IOException {
        file.seek(offset);
        file.write(new byte[length]);
    }

    private void replicate(Path source) throws IOException {
        try (FileSource from = FileSource.open(source)) {
            points.add(new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                    .replicate(DISK, from));
        }
    }

    /** Runs a child follow to completion; returns its wall time from "ready" (JVM up) to exit. */
    private long measureUncrashedFollow(Path image, PointInfo point) throws Exception {
        Path log = dir.resolve("measure.log");
        Process child = start(image, point, log);
        awaitReady(child, log);
        long started = System.nanoTime();
        assertThat(ChildJvm.finish(child, log, 120)).isEqualTo(point.id());
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Starts a child following {@code image} to {@code point} and SIGKILLs it {@code delayMillis}
     * after its JVM is up; returns whether it was killed (false: it finished first, and succeeded).
     */
    private boolean killAfter(Path image, PointInfo point, long delayMillis, int round) throws Exception {
        Path log = dir.resolve("child-" + round + ".log");
        Process child = start(image, point, log);
        awaitReady(child, log);
        if (child.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            assertThat(ChildJvm.finish(child, log, 0)).isEqualTo(point.id());
            return false;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() != SIGKILL_EXIT) {
            // It exited on its own just before the kill: it must have succeeded.
            assertThat(child.exitValue()).as("exit code of child %d; log %s:%n%s", child.pid(), log,
                    Files.readString(log)).isZero();
            return false;
        }
        return true;
    }

    private Process start(Path image, PointInfo point, Path log) throws IOException {
        return ChildJvm.start("256m", FollowChild.class, log, dir.resolve("repo").toString(), DISK, image.toString(),
                point.id());
    }

    /** Reads the child's first stdout line byte by byte (so nothing after it is buffered away). */
    private static void awaitReady(Process child, Path log) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = child.getInputStream().read(); b != '\n'; b = child.getInputStream().read()) {
            if (b < 0) {
                throw new AssertionError("child " + child.pid() + " ended before it was ready; log " + log);
            }
            line.append((char) b);
        }
        assertThat(line.toString().trim()).isEqualTo("ready");
    }

    private void assertHolds(Path image, int index) throws IOException {
        PointInfo point = points.get(index);
        assertThat(Files.mismatch(image, references.get(index))).as("image vs restore of point %d (%s)", index,
                point.id()).isEqualTo(-1);
        FollowState state = FollowState.read(image).orElseThrow();
        assertThat(state.point()).isEqualTo(point.id());
        assertThat(state.applying()).isNull();
        assertThat(state.digest()).isEqualTo(point.digest());
        assertThat(state.diskSize()).isEqualTo(point.diskSize());
    }

    private Repository open() throws IOException {
        return Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
    }
}
