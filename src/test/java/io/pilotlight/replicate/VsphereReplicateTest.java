package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.vsphere.VsphereDisk;
import io.pilotlight.source.vsphere.VsphereOptions;
import io.pilotlight.source.vsphere.VsphereTarget;
import io.pilotlight.source.vsphere.VsphereVm;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: every disk of a simulated vSphere VM replicated through {@link VsphereVm} into a directory
 * repository, three rounds (full with CBT turned on, incremental, after a CBT reset), each restore
 * byte-compared with the disk's flat file as it was at the snapshot.
 */
@Timeout(300)
@Slow
class VsphereReplicateTest {
    private static final int GRAIN = 64 * 1024;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyDiskOfAVmRestoresIdenticallyAfterFullIncrementalAndLostTrackingRounds() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir.resolve("sim"), new VsphereSim.VmSpec("app1", 16 * MIB, 4 * MIB))) {
            VsphereTarget target = VsphereTarget.parse("vsphere://" + sim.username() + "@" + sim.host() + ":" + sim.port()
                    + "/app1");
            VsphereOptions options = VsphereOptions.withPassword(sim.password()).withThumbprint(sim.thumbprint())
                    .withEnableCbt(true).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
            Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
            Replicator replicator = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
            Random random = new Random(11);

            write(sim.diskFile("app1", 0), random, 0, 1, 2, 100, 101, 255);
            write(sim.diskFile("app1", 1), random, 7, 63);
            List<PointInfo> first = round(sim, target, options, replicator, repository);
            assertThat(first).allSatisfy(point -> assertThat(point.fullPass()).isTrue());
            assertThat(first.get(0).readBytes()).as("only the areas in use are read").isEqualTo(6L * GRAIN);

            write(sim.diskFile("app1", 0), random, 2, 200);
            List<PointInfo> second = round(sim, target, options, replicator, repository);
            assertThat(second.get(0).fullPass()).isFalse();
            assertThat(second.get(0).readBytes()).isEqualTo(2L * GRAIN);
            assertThat(second.get(0).changedBytes()).isEqualTo(2L * GRAIN);
            assertThat(second.get(1).fullPass()).isFalse();
            assertThat(second.get(1).readBytes()).isZero();
            assertThat(second).allSatisfy(point -> assertThat(point.warnings()).isEmpty());

            sim.resetChangeTracking("app1");
            write(sim.diskFile("app1", 1), random, 8);
            List<PointInfo> third = round(sim, target, options, replicator, repository);
            assertThat(third).allSatisfy(point -> {
                assertThat(point.fullPass()).isTrue();
                assertThat(point.warnings()).singleElement().asString().contains("vSphere rejected change id");
            });
            assertThat(third.get(0).changedBytes()).isZero();
            assertThat(third.get(1).changedBytes()).isEqualTo(GRAIN);
            assertThat(sim.snapshotCount("app1")).isZero();
        }
    }

    /** One session: replicate every disk, then restore each point and compare it with the frozen disk. */
    private List<PointInfo> round(VsphereSim sim, VsphereTarget target, VsphereOptions options, Replicator replicator,
            Repository repository) throws IOException {
        List<PointInfo> points = new ArrayList<>();
        List<Path> frozen = new ArrayList<>();
        try (VsphereVm vm = VsphereVm.open(target, options)) {
            assertThat(sim.snapshotCount("app1")).isEqualTo(1);
            for (int i = 0; i < vm.disks().size(); i++) {
                VsphereDisk disk = vm.disks().get(i);
                Path copy = dir.resolve("frozen-" + disk.name() + "-" + System.nanoTime());
                Files.copy(sim.diskFile("app1", i), copy);
                frozen.add(copy);
                points.add(replicator.replicate("app1-" + disk.name(), disk.source()));
            }
        }
        assertThat(sim.snapshotCount("app1")).isZero();
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        for (int i = 0; i < points.size(); i++) {
            Path restored = dir.resolve("restored-" + points.get(i).disk() + "-" + points.get(i).id());
            restorer.restore(points.get(i).disk(), points.get(i).id(), restored, false);
            assertThat(Files.mismatch(frozen.get(i), restored)).as("restore of %s", points.get(i).disk()).isEqualTo(-1);
        }
        return points;
    }

    private static void write(Path file, Random random, int... grains) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            for (int grain : grains) {
                byte[] data = new byte[GRAIN];
                random.nextBytes(data);
                out.seek((long) grain * GRAIN);
                out.write(data);
            }
        }
    }
}
