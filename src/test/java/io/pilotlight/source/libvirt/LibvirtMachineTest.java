package io.pilotlight.source.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.MachineReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.repo.GroupMembers;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.LibvirtDomain;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real libvirtd ({@link io.pilotlight.testing.Libvirtd}): every disk of a running TCG domain
 * from one pull-mode backup, full then incremental, restored byte for byte to the disks as they were at
 * the backup's instant; a failed run leaves no job, no scratch file and its changes still tracked.
 */
@Slow
class LibvirtMachineTest {
    private static final long MIB = 1 << 20;
    private static final String GROUP = "web1";

    @TempDir
    Path dir;

    private LibvirtDomain domain;
    private Repository repository;
    private final Map<String, Path> references = new HashMap<>();

    @BeforeEach
    void defineDomain() throws Exception {
        domain = new LibvirtDomain(dir, 64 * MIB, 32 * MIB);
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
    }

    @AfterEach
    void removeDomain() {
        if (domain != null) {
            domain.close();
        }
    }

    @Test
    void fullThenIncrementalGroupPointsRestoreEveryDiskAtTheBackupInstant() throws Exception {
        domain.write("vda", "write -P 0x11 0 4M");
        domain.write("vdb", "write -P 0x12 1M 1M");
        keepReferences("first");
        // written after the backup's instant: not in the first point, in the second
        Runnable afterInstant = () -> domain.write("vda", "write -P 0x99 0 1M");
        long started = System.nanoTime();
        GroupReplicator.Result full = replicate(afterInstant);
        long fullMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(full.disks()).extracting(PointInfo::fullPass).containsExactly(true, true);
        assertThat(full.point().source()).isEqualTo(domain.uri());
        assertRestores(full, "first");
        assertThat(domain.checkpoints()).containsExactly("pilotlight-1");
        assertNoJobNorScratch();

        domain.write("vda", "write -P 0x22 16M 3M");
        keepReferences("second");
        started = System.nanoTime();
        GroupReplicator.Result incremental = replicate(() -> {});
        long incrementalMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(incremental.disks()).extracting(PointInfo::fullPass).containsExactly(false, false);
        assertThat(incremental.disks().get(0).readBytes()).isEqualTo(4 * MIB); // 1 MiB at 0, 3 MiB at 16 MiB
        assertThat(incremental.disks().get(1).readBytes()).isZero();
        assertRestores(incremental, "second");
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");
        assertNoJobNorScratch();
        System.out.printf("libvirt 2 disks (64+32 MiB): full read %d+%d bytes in %d ms; incremental read %d+%d bytes"
                + " in %d ms%n", full.disks().get(0).readBytes(), full.disks().get(1).readBytes(), fullMillis,
                incremental.disks().get(0).readBytes(), incremental.disks().get(1).readBytes(), incrementalMillis);
    }

    @Test
    void aRunFailingMidwayEndsTheJobAndTheNextRunStillSeesItsChanges() throws Exception {
        replicate(() -> {});
        domain.write("vda", "write -P 0x33 8M 2M");
        keepReferences("second");

        assertThatThrownBy(() -> new MachineReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                .replicate(GROUP, new FailingReads(LibvirtMachine.parse(domain.uri())), MachineReplicator.Listener.NONE))
                .hasMessageContaining("disk unplugged");
        assertNoJobNorScratch();
        assertThat(domain.checkpoints()).containsExactly("pilotlight-1");

        GroupReplicator.Result next = replicate(() -> {});
        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(false, false);
        assertThat(next.disks().get(0).readBytes()).isEqualTo(2 * MIB);
        assertRestores(next, "second");
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");
    }

    @Test
    void aCheckpointDeletedByHandGivesAFullPassNamingWhy() throws Exception {
        replicate(() -> {});
        Libvirtd("checkpoint-delete", domain.name, "pilotlight-1");
        domain.write("vdb", "write -P 0x44 0 1M");
        keepReferences("second");

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(true, true);
        assertThat(next.disks().get(0).warnings()).anyMatch(w -> w.contains("checkpoint pilotlight-1 that the last"
                + " point recorded is gone from the domain"));
        assertRestores(next, "second");
        assertThat(domain.checkpoints()).containsExactly("pilotlight-1");
    }

    @Test
    void aDiskAddedSinceTheCheckpointIsReadInFullAndARawDiskEveryRun() throws Exception {
        replicate(() -> {});
        Path added = dir.resolve("vdc.qcow2");
        io.pilotlight.testing.QemuFixture.run("qemu-img", "create", "-q", "-f", "qcow2", added.toString(), "16M");
        Path raw = dir.resolve("vdd.raw");
        io.pilotlight.testing.QemuFixture.run("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "8M");
        Libvirtd("attach-disk", domain.name, added.toString(), "vdc", "--driver", "qemu", "--subdriver", "qcow2",
                "--targetbus", "virtio", "--config");
        Libvirtd("attach-disk", domain.name, raw.toString(), "vdd", "--driver", "qemu", "--subdriver", "raw",
                "--targetbus", "virtio", "--config");
        // no hotplug without a guest: a clean restart (SIGTERM: QEMU saves its bitmaps) takes the new disks
        Libvirtd("destroy", domain.name, "--graceful");
        Libvirtd("start", domain.name);

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::disk).containsExactly("web1-vda", "web1-vdb", "web1-vdc",
                "web1-vdd");
        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(false, false, true, true);
        assertThat(next.disks().get(2).warnings()).isEmpty(); // a new disk: no last point, nothing lost
        assertThat(next.point().warnings()).anyMatch(w -> w.contains("disk vdd is raw, which cannot carry a"
                + " checkpoint: it is read in full every run"));
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");

        GroupReplicator.Result third = replicate(() -> {});
        assertThat(third.disks()).extracting(PointInfo::fullPass).containsExactly(false, false, false, true);
        assertThat(third.point().warnings()).anyMatch(w -> w.contains("disk vdd is raw"));
    }

    @Test
    void aDiskRemovedSinceTheCheckpointGivesAFullPassNamingIt() throws Exception {
        replicate(() -> {});
        Libvirtd("detach-disk", domain.name, "vdb", "--config");
        Libvirtd("destroy", domain.name, "--graceful"); // SIGTERM: QEMU saves its bitmaps
        Libvirtd("start", domain.name);
        domain.images.remove("vdb");
        domain.write("vda", "write -P 0x77 6M 1M");
        keepReferences("second");

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::disk).containsExactly("web1-vda");
        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(true);
        assertThat(next.disks().get(0).warnings()).anyMatch(w -> w.contains("no pilotlight checkpoint tracks disk vda"
                + " (disk vdb, which checkpoint pilotlight-1 tracked, is gone from the domain"));
        assertThat(next.point().warnings()).anyMatch(w -> w.contains("disk vdb, which checkpoint pilotlight-1"
                + " tracked, is gone from the domain"));
        assertRestores(next, "second");
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");

        GroupReplicator.Result third = replicate(() -> {});
        assertThat(third.disks()).extracting(PointInfo::fullPass).containsExactly(false);
    }

    @Test
    void aRedefinedDomainLostItsCheckpointsAndGivesAFullPassNamingWhy() throws Exception {
        replicate(() -> {});
        Path definition = dir.resolve("redefined.xml");
        Files.writeString(definition, io.pilotlight.testing.Libvirtd.virsh("dumpxml", "--inactive", domain.name));
        Libvirtd("destroy", domain.name, "--graceful");
        Libvirtd("undefine", domain.name, "--checkpoints-metadata"); // the bitmaps stay in the qcow2 files
        Libvirtd("define", definition.toString());
        Libvirtd("start", domain.name);
        assertThat(domain.checkpoints()).isEmpty();
        domain.write("vdb", "write -P 0x88 3M 1M");
        keepReferences("second");

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(true, true);
        assertThat(next.disks()).allSatisfy(point -> assertThat(point.warnings()).anyMatch(w -> w.contains(
                "checkpoint pilotlight-1 that the last point recorded is gone from the domain")));
        assertThat(next.point().warnings()).anyMatch(w -> w.contains("hold a bitmap pilotlight-1 that libvirt has no"
                + " checkpoint for (the domain was redefined without its checkpoints); the new checkpoint is"
                + " pilotlight-2 instead"));
        assertRestores(next, "second");
        assertNoJobNorScratch();
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");

        GroupReplicator.Result third = replicate(() -> {});
        assertThat(third.disks()).extracting(PointInfo::fullPass).containsExactly(false, false);
        assertThat(domain.checkpoints()).containsExactly("pilotlight-3");
    }

    @Test
    void bitmapsLeftInconsistentByAKilledQemuGiveAFullPassNamingWhy() throws Exception {
        replicate(() -> {});
        domain.write("vda", "write -P 0x66 2M 1M");
        domain.killQemu(); // SIGKILL: QEMU cannot store its bitmaps, they stay flagged in use
        Libvirtd("start", domain.name);
        keepReferences("second");

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(true, true);
        assertThat(next.point().warnings()).anyMatch(w -> w.endsWith("libvirt refused the incremental backup since"
                + " pilotlight-1 (error: checkpoint inconsistent: missing or broken bitmap 'pilotlight-1' for disk"
                + " 'vda'); reading every disk in full"));
        assertRestores(next, "second");
        assertNoJobNorScratch();
        assertThat(domain.checkpoints()).containsExactly("pilotlight-2");

        GroupReplicator.Result third = replicate(() -> {});
        assertThat(third.disks()).extracting(PointInfo::fullPass).containsExactly(false, false);
    }

    @Test
    void aBackupJobADeadRunLeftIsEndedByTheNextRun() throws Exception {
        replicate(() -> {});
        MachineSession abandoned = LibvirtMachine.parse(domain.uri()).open(); // as if the process were killed now
        assertThat(domain.jobType()).isNotEqualTo("None");
        domain.write("vda", "write -P 0x55 4M 1M");
        keepReferences("second");

        GroupReplicator.Result next = replicate(() -> {});

        assertThat(next.disks()).extracting(PointInfo::fullPass).containsExactly(false, false);
        assertRestores(next, "second");
        assertNoJobNorScratch();
        assertThat(domain.checkpoints()).containsExactly("pilotlight-3");
        for (MachineDisk disk : abandoned.disks()) {
            disk.source().close();
        }
    }

    private static void Libvirtd(String... arguments) {
        io.pilotlight.testing.Libvirtd.virsh(arguments);
    }

    private GroupReplicator.Result replicate(Runnable afterOpen) throws IOException {
        MachineSource libvirt = LibvirtMachine.parse(domain.uri());
        MachineSource machine = new MachineSource() {
            @Override
            public String uri() {
                return libvirt.uri();
            }

            @Override
            public MachineSession open() throws IOException {
                MachineSession session = libvirt.open();
                afterOpen.run();
                return session;
            }
        };
        return new MachineReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                .replicate(GROUP, machine, MachineReplicator.Listener.NONE);
    }

    private void keepReferences(String label) throws Exception {
        for (String disk : domain.images.keySet()) {
            references.put(label + "/" + disk, domain.reference(disk, dir.resolve(label + "-" + disk + ".raw")));
        }
    }

    private void assertRestores(GroupReplicator.Result result, String label) throws Exception {
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        assertThat(result.disks()).hasSize(domain.images.size());
        List<String> names = List.copyOf(domain.images.keySet());
        for (int i = 0; i < names.size(); i++) {
            PointInfo point = result.disks().get(i);
            assertThat(point.disk()).isEqualTo(GroupMembers.diskName(GROUP, names.get(i)));
            Path restored = dir.resolve("restored-" + point.id() + "-" + names.get(i));
            restorer.restore(point.disk(), point.id(), restored, false);
            assertThat(Files.mismatch(restored, references.get(label + "/" + names.get(i))))
                    .as("%s of point %s", names.get(i), point.id()).isEqualTo(-1);
            Files.delete(restored);
        }
    }

    private void assertNoJobNorScratch() throws IOException {
        assertThat(domain.jobType()).isEqualTo("None");
        Path scratch = dir.resolve("scratch");
        if (Files.exists(scratch)) {
            try (Stream<Path> files = Files.list(scratch)) {
                assertThat(files).isEmpty();
            }
        }
    }

    /** The domain's session, with the first disk's reads failing. */
    private record FailingReads(MachineSource machine) implements MachineSource {
        @Override
        public String uri() {
            return machine.uri();
        }

        @Override
        public MachineSession open() throws IOException {
            MachineSession session = machine.open();
            return new MachineSession() {
                @Override
                public List<MachineDisk> disks() {
                    List<MachineDisk> disks = new java.util.ArrayList<>(session.disks());
                    disks.set(0, new MachineDisk(disks.get(0).name(), new Failing(disks.get(0).source())));
                    return disks;
                }

                @Override
                public List<String> warnings() {
                    return session.warnings();
                }

                @Override
                public void close() throws IOException {
                    session.close();
                }
            };
        }
    }

    private record Failing(ChangedBlockSource source) implements ChangedBlockSource {
        @Override
        public String uri() {
            return source.uri();
        }

        @Override
        public long size() throws IOException {
            return source.size();
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) throws IOException {
            return source.changes(sinceToken);
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            throw new IOException("disk unplugged at offset " + offset);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
