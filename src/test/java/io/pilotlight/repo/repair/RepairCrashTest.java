package io.pilotlight.repo.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.SampleRepository;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills repairing child JVMs ({@code repair index}, then {@code repair packs}) with SIGKILL at random
 * moments, each round over a freshly damaged pack, then repairs to completion: the repair never
 * makes a restorable point unrestorable, leaves no damaged blob in use and no orphan pack, and one
 * replicate makes the newest point restore exactly (docs/design.md §18.5).
 */
@Tag("slow")
class RepairCrashTest {
    private static final int ROUNDS = 8;
    private static final int SIGKILL_EXIT = 137;

    @TempDir
    Path dir;

    @Test
    void killedRepairsNeverHarmAGoodPointAndTheNextRepairCompletes() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Random random = new Random(19);
        long repairMillis = 0;
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            change(sample, random);
            replicate(sample);
            damageARandomPack(sample, random);
            List<String> harmed = verify(sample).harmed();
            if (round == 0) {
                repairMillis = measure(sample);
            } else {
                kills += killAfter(sample, (long) (random.nextDouble() * 1.2 * repairMillis), round) ? 1 : 0;
            }
            new IndexRebuild(sample.reopen(), Clock.systemUTC()).run(false);
            new PackSalvage(sample.reopen(), Clock.systemUTC()).run(false);
            VerifyReport repaired = verify(sample);
            assertThat(repaired.harmed()).as("round %d: a repair never harms a good point", round)
                    .isSubsetOf(harmed);
            assertThat(repaired.orphanPacks()).as("round %d", round).isZero();
            assertThat(repaired.faults()).as("round %d: nothing damaged is in use", round)
                    .allSatisfy(fault -> assertThat(fault).contains("in no index"));
            PointInfo point = replicate(sample);
            Path restored = dir.resolve("restored-" + round);
            new Restorer(sample.reopen(), ProgressListener.NONE).restore("d1", point.id(), restored, false);
            assertThat(restored).as("round %d", round).hasSameBinaryContentAs(sample.image);
        }
        System.out.printf("RepairCrashTest: an uncrashed repair takes %d ms, %d of %d repairs killed%n", repairMillis,
                kills, ROUNDS - 1);
        assertThat(kills).as("repairs killed before they finished").isGreaterThanOrEqualTo(2);
        assertThat(sample.root.resolve("locks/_prune")).doesNotExist();
    }

    private static void change(SampleRepository sample, Random random) throws IOException {
        byte[] data = new byte[(1 + random.nextInt(8)) * 65536];
        random.nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(sample.image.toFile(), "rw")) {
            file.seek((long) random.nextInt(60) << 20);
            file.write(data);
        }
    }

    private static PointInfo replicate(SampleRepository sample) throws IOException {
        try (FileSource source = FileSource.open(sample.image)) {
            return new Replicator(sample.reopen(), new ReplicateOptions(2, 1), ProgressListener.NONE)
                    .replicate("d1", source);
        }
    }

    private static void damageARandomPack(SampleRepository sample, Random random) throws IOException {
        List<Path> packs;
        try (Stream<Path> files = Files.walk(sample.root.resolve("data"))) {
            packs = files.filter(Files::isRegularFile).sorted().toList();
        }
        Path pack = packs.get(random.nextInt(packs.size()));
        SampleRepository.flipByte(pack, random.nextLong(SampleRepository.dataLength(pack)));
    }

    private static VerifyReport verify(SampleRepository sample) throws IOException {
        return new Verifier(sample.reopen(), ProgressListener.NONE).verify(true);
    }

    private long measure(SampleRepository sample) throws Exception {
        Path log = dir.resolve("measure.log");
        long started = System.nanoTime();
        ChildJvm.finish(ChildJvm.start("256m", RepairChild.class, log, sample.root.toString()), log, 120);
        return (System.nanoTime() - started) / 1_000_000;
    }

    private boolean killAfter(SampleRepository sample, long delayMillis, int round) throws Exception {
        Path log = dir.resolve("repair-" + round + ".log");
        Process child = ChildJvm.start("256m", RepairChild.class, log, sample.root.toString());
        if (child.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            ChildJvm.finish(child, log, 0);
            return false;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() == 0) {
            return false; // it finished just before the kill
        }
        assertThat(child.exitValue()).as("repair child's exit; log %s:%n%s", log, Files.readString(log))
                .isEqualTo(SIGKILL_EXIT);
        return true;
    }
}
