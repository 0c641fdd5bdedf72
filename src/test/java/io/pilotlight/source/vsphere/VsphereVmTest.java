package io.pilotlight.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim.VmSpec;
import io.pilotlight.testing.VsphereSim;
import io.pilotlight.vsphere.Inventory;
import io.pilotlight.vsphere.VirtualMachine;
import io.pilotlight.vsphere.VsphereClient;
import io.pilotlight.vsphere.VsphereFault;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link VsphereVm} and {@link VsphereDiskSource} against the CBT-capable vSphere simulator. */
@Timeout(180)
@Slow
class VsphereVmTest {
    static final int GRAIN = 64 * 1024;
    static final long MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static VsphereSim sim;

    @BeforeAll
    static void startSimulator() throws IOException {
        sim = VsphereSim.start(dir, new VmSpec("web1", 4 * MIB, 2 * MIB), new VmSpec("expiry", MIB),
                new VmSpec("tasks", MIB), new VmSpec("removal", MIB), new VmSpec("nocbt", MIB),
                new VmSpec("enable", 2 * MIB), new VmSpec("reset", MIB), new VmSpec("snapped", MIB),
                new VmSpec("interrupt", 8 * MIB), new VmSpec("paged", 4 * MIB), new VmSpec("pins", MIB),
                new VmSpec("byref", MIB), new VmSpec("nbd", 2 * MIB, MIB),
                new VmSpec("cmd", 2 * MIB, MIB), new VmSpec("indep", MIB, MIB),
                new VmSpec("transient", MIB));
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    static VsphereTarget target(String vm) {
        return VsphereTarget.parse("vsphere://" + URLEncoder.encode(sim.username(), StandardCharsets.UTF_8) + "@"
                + sim.host() + ":" + sim.port() + "/" + vm);
    }

    static VsphereOptions options() {
        return VsphereOptions.withPassword(sim.password()).withThumbprint(sim.thumbprint())
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    static void writeGrains(Path file, long seed, int... grains) throws IOException {
        Random random = new Random(seed);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            for (int grain : grains) {
                byte[] data = new byte[GRAIN];
                random.nextBytes(data);
                out.seek((long) grain * GRAIN);
                out.write(data);
            }
        }
    }

    static byte[] readAll(ChangedBlockSource source) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) source.size());
        for (long offset = 0; offset < source.size(); offset += MIB) {
            buffer.limit((int) Math.min(source.size(), offset + MIB));
            source.read(offset, buffer);
        }
        return buffer.array();
    }

    static List<Extent> grains(int... grains) {
        return java.util.Arrays.stream(grains).mapToObj(g -> new Extent((long) g * GRAIN, GRAIN)).toList();
    }

    @Test
    void snapshotChangedAreasAndReadsOverDatastoreHttp() throws IOException {
        writeGrains(sim.diskFile("web1", 0), 1, 0, 1, 5, 63);
        writeGrains(sim.diskFile("web1", 1), 2, 31);
        String token0;
        String token1;
        try (VsphereVm vm = VsphereVm.open(target("web1"), options().withEnableCbt(true))) {
            assertThat(sim.snapshotCount("web1")).isEqualTo(1);
            assertThat(vm.snapshotName()).startsWith("pilotlight-");
            assertThat(vm.warnings()).singleElement().asString().contains("turned on changed block tracking");
            assertThat(vm.disks()).extracting(VsphereDisk::name).containsExactly("scsi0-0", "scsi0-1");
            assertThat(vm.disks()).extracting(VsphereDisk::label).containsExactly("scsi0:0", "scsi0:1");
            VsphereDiskSource first = vm.disks().get(0).source();
            assertThat(first.uri()).endsWith("/web1#scsi0:0");
            assertThat(first.size()).isEqualTo(4 * MIB);
            ChangeSet changes = first.changes(Optional.empty());
            assertThat(changes.fullPass()).isTrue();
            assertThat(changes.warnings()).isEmpty();
            assertThat(changes.changed()).containsExactly(new Extent(0, 4 * MIB));
            assertThat(changes.knownZero()).containsExactly(new Extent(2L * GRAIN, 3L * GRAIN),
                    new Extent(6L * GRAIN, 57L * GRAIN));
            token0 = changes.nextToken().orElseThrow();
            assertThat(token0).matches("vsphere-cbt:6000C29[0-9a-f]-[0-9a-f-]+:52 [0-9a-f ]+-[0-9a-f ]+/\\d+");
            assertThat(readAll(first)).isEqualTo(Files.readAllBytes(sim.diskFile("web1", 0)));
            VsphereDiskSource second = vm.disks().get(1).source();
            token1 = second.changes(Optional.empty()).nextToken().orElseThrow();
            assertThat(readAll(second)).isEqualTo(Files.readAllBytes(sim.diskFile("web1", 1)));
        }
        assertThat(sim.snapshotCount("web1")).isZero();

        writeGrains(sim.diskFile("web1", 0), 3, 5, 40, 41);
        try (VsphereVm vm = VsphereVm.open(target("web1"), options())) {
            assertThat(vm.warnings()).isEmpty();
            ChangeSet changes = vm.disks().get(0).source().changes(Optional.of(token0));
            assertThat(changes.fullPass()).isFalse();
            assertThat(changes.warnings()).isEmpty();
            assertThat(changes.changed()).containsExactly(new Extent(5L * GRAIN, GRAIN), new Extent(40L * GRAIN,
                    2L * GRAIN));
            assertThat(changes.nextToken().orElseThrow()).isNotEqualTo(token0);
            ChangeSet unchanged = vm.disks().get(1).source().changes(Optional.of(token1));
            assertThat(unchanged.fullPass()).isFalse();
            assertThat(unchanged.changed()).isEmpty();
            assertThat(readAll(vm.disks().get(0).source())).isEqualTo(Files.readAllBytes(sim.diskFile("web1", 0)));
        }
        assertThat(sim.snapshotCount("web1")).isZero();
    }

    @Test
    void anExpiredSessionLogsInAgain() throws IOException {
        writeGrains(sim.diskFile("expiry", 0), 4, 3);
        try (VsphereVm vm = VsphereVm.open(target("expiry"), options().withEnableCbt(true))) {
            VsphereDiskSource source = vm.disks().get(0).source();
            sim.expireSessions();
            assertThat(source.changes(Optional.empty()).knownZero()).hasSize(2);
            sim.expireSessions();
            assertThat(readAll(source)).isEqualTo(Files.readAllBytes(sim.diskFile("expiry", 0)));
            sim.expireSessions();
        }
        assertThat(sim.snapshotCount("expiry")).isZero();
    }

    @Test
    void independentDisksAreSkippedWithAWarningAndAVmOfOnlySuchDisksIsRefused() throws IOException {
        sim.setDiskMode("indep", 1, "independent_persistent");
        try (VsphereVm vm = VsphereVm.open(target("indep"), options())) {
            assertThat(vm.disks()).extracting(VsphereDisk::label).containsExactly("scsi0:0");
            assertThat(vm.warnings()).anySatisfy(warning -> assertThat(warning).isEqualTo("disk scsi0:1 of VM 'indep'"
                    + " is independent_persistent: a snapshot does not freeze an independent disk, so it is not"
                    + " protected (make it a dependent disk to protect it)"));
        }
        sim.setDiskMode("indep", 0, "independent_nonpersistent");
        assertThatThrownBy(() -> VsphereVm.open(target("indep"), options())).isInstanceOf(IOException.class)
                .hasMessageStartingWith("vSphere VM 'indep' has no virtual disk a snapshot freezes");
        assertThat(sim.snapshotCount("indep")).isZero();
    }

    @Test
    void aFailedTaskIsAFaultNamingTheVmAndLeavesNoSnapshot() throws IOException {
        sim.failNextTask("CreateSnapshot_Task");
        assertThatThrownBy(() -> VsphereVm.open(target("tasks"), options()))
                .isInstanceOfSatisfying(VsphereFault.class, fault -> {
                    assertThat(fault.method()).isEqualTo("CreateSnapshot_Task");
                    assertThat(fault.vm()).contains("tasks");
                    assertThat(fault.getMessage()).startsWith("vSphere CreateSnapshot_Task on VM 'tasks' failed: ");
                });
        assertThat(sim.snapshotCount("tasks")).isZero();
        sim.failNextTask("ReconfigVM_Task");
        assertThatThrownBy(() -> VsphereVm.open(target("tasks"), options().withEnableCbt(true)))
                .hasMessageStartingWith("vSphere ReconfigVM_Task on VM 'tasks' failed: ");
        assertThat(sim.snapshotCount("tasks")).isZero();
    }

    @Test
    void aSnapshotThatCouldNotBeRemovedIsReportedAndRemovedByTheNextSession() throws IOException {
        VsphereVm vm = VsphereVm.open(target("removal"), options());
        String stale = vm.snapshotName();
        sim.failNextTask("RemoveSnapshot_Task");
        assertThatThrownBy(vm::close).isInstanceOf(IOException.class)
                .hasMessageContaining("could not remove snapshot '" + stale + "'")
                .hasMessageContaining("RemoveSnapshot_Task on VM 'removal' failed")
                .hasMessageContaining("the next run removes it");
        assertThat(sim.snapshotCount("removal")).isEqualTo(1);
        try (VsphereVm next = VsphereVm.open(target("removal"), options())) {
            assertThat(next.warnings()).singleElement().asString()
                    .startsWith("removed snapshot '" + stale + "'").contains("left by a run that did not finish");
            assertThat(sim.snapshotCount("removal")).isEqualTo(1);
        }
        assertThat(sim.snapshotCount("removal")).isZero();
    }

    @Test
    void trackingOffMeansAFullPassWithAWarning() throws IOException {
        writeGrains(sim.diskFile("nocbt", 0), 5, 2);
        try (VsphereVm vm = VsphereVm.open(target("nocbt"), options())) {
            VsphereDiskSource source = vm.disks().get(0).source();
            for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("vsphere-cbt:x:y"))) {
                ChangeSet changes = source.changes(token);
                assertThat(changes.fullPass()).isTrue();
                assertThat(changes.changed()).containsExactly(new Extent(0, MIB));
                assertThat(changes.knownZero()).isEmpty();
                assertThat(changes.nextToken()).isEmpty();
                assertThat(changes.warnings()).singleElement().asString()
                        .contains("changed block tracking is off on VM 'nocbt'").contains("--enable-cbt");
            }
            assertThat(readAll(source)).isEqualTo(Files.readAllBytes(sim.diskFile("nocbt", 0)));
        }
    }

    @Test
    void enableCbtTurnsTrackingOnAndTheNextRunIsIncremental() throws IOException {
        writeGrains(sim.diskFile("enable", 0), 6, 7);
        String token;
        try (VsphereVm vm = VsphereVm.open(target("enable"), options().withEnableCbt(true))) {
            assertThat(vm.warnings()).singleElement().asString()
                    .isEqualTo("turned on changed block tracking on VM 'enable'; this run reads every disk in full");
            ChangeSet changes = vm.disks().get(0).source().changes(Optional.empty());
            assertThat(changes.fullPass()).isTrue();
            assertThat(changes.knownZero()).containsExactly(new Extent(0, 7L * GRAIN), new Extent(8L * GRAIN, 24L * GRAIN));
            token = changes.nextToken().orElseThrow();
        }
        writeGrains(sim.diskFile("enable", 0), 7, 30);
        try (VsphereVm vm = VsphereVm.open(target("enable"), options().withEnableCbt(true))) {
            assertThat(vm.warnings()).isEmpty();
            ChangeSet changes = vm.disks().get(0).source().changes(Optional.of(token));
            assertThat(changes.fullPass()).isFalse();
            assertThat(changes.changed()).isEqualTo(grains(30));
        }
    }

    @Test
    void aRejectedChangeIdOrAReplacedDiskGivesAWarningAndAFullPass() throws IOException {
        writeGrains(sim.diskFile("reset", 0), 8, 1);
        String token;
        try (VsphereVm vm = VsphereVm.open(target("reset"), options().withEnableCbt(true))) {
            token = vm.disks().get(0).source().changes(Optional.empty()).nextToken().orElseThrow();
        }
        sim.resetChangeTracking("reset");
        try (VsphereVm vm = VsphereVm.open(target("reset"), options())) {
            VsphereDiskSource source = vm.disks().get(0).source();
            ChangeSet changes = source.changes(Optional.of(token));
            assertThat(changes.fullPass()).isTrue();
            assertThat(changes.changed()).containsExactly(new Extent(0, MIB));
            assertThat(changes.knownZero()).containsExactly(new Extent(0, GRAIN), new Extent(2L * GRAIN, 14L * GRAIN));
            assertThat(changes.warnings()).singleElement().asString()
                    .contains("vSphere rejected change id '" + token.substring(token.lastIndexOf(':') + 1) + "'")
                    .contains("QueryChangedDiskAreas on VM 'reset' disk scsi0:0 failed: FileFault")
                    .endsWith("reading the whole disk and comparing it with the last point");
            assertThat(changes.nextToken()).isPresent().isNotEqualTo(Optional.of(token));

            String otherDisk = "vsphere-cbt:6000C290-0000-0000-0000-000000000000" + token.substring(token.lastIndexOf(':'));
            ChangeSet replaced = source.changes(Optional.of(otherDisk));
            assertThat(replaced.fullPass()).isTrue();
            assertThat(replaced.warnings()).singleElement().asString().contains("disk scsi0:0 is now backed by uuid")
                    .contains("not 6000C290-0000-0000-0000-000000000000");
            ChangeSet foreign = source.changes(Optional.of("qemu-bitmap:b0"));
            assertThat(foreign.fullPass()).isTrue();
            assertThat(foreign.warnings()).singleElement().asString().contains("was not issued by a vsphere: source");
        }
    }

    @Test
    void aTransientFaultOfTheChangeQueryFailsTheRunInsteadOfAFullRead() throws IOException {
        writeGrains(sim.diskFile("transient", 0), 9, 2);
        String token;
        try (VsphereVm vm = VsphereVm.open(target("transient"), options().withEnableCbt(true))) {
            token = vm.disks().get(0).source().changes(Optional.empty()).nextToken().orElseThrow();
        }
        writeGrains(sim.diskFile("transient", 0), 10, 5);
        try (VsphereVm vm = VsphereVm.open(target("transient"), options())) {
            sim.failNextQuery();
            assertThatThrownBy(() -> vm.disks().get(0).source().changes(Optional.of(token)))
                    .isInstanceOfSatisfying(VsphereFault.class, fault -> assertThat(fault.faultType())
                            .isEqualTo("SystemError"));
        }
        assertThat(sim.snapshotCount("transient")).isZero();
        try (VsphereVm vm = VsphereVm.open(target("transient"), options())) {
            ChangeSet changes = vm.disks().get(0).source().changes(Optional.of(token));
            assertThat(changes.fullPass()).as("the next run asks again with the same token").isFalse();
            assertThat(changes.changed()).isEqualTo(grains(5));
        }
    }

    @Test
    void aVmWithSnapshotsIsRefusedForDatastoreHttp() throws IOException {
        try (VsphereClient client = VsphereClient.connect(sim.sdkUri(), Optional.of(sim.thumbprint()),
                Duration.ofSeconds(30))) {
            client.login(sim.username(), sim.password());
            VirtualMachine vm = Inventory.findVm(client, "snapped");
            vm.createSnapshot("before upgrade", "", false, Duration.ofSeconds(30));
        }
        assertThatThrownBy(() -> VsphereVm.open(target("snapped"), options()))
                .hasMessageContaining("VM 'snapped' has 1 snapshot(s) [before upgrade]")
                .hasMessageContaining("--disk-nbd");
        assertThat(sim.snapshotCount("snapped")).isEqualTo(1);
        assertThatThrownBy(() -> VsphereVm.open(target("snapped"), options().withDiskNbd(java.util.Map.of("scsi9:9",
                "nbd+unix:///x?socket=/nonexistent")))).hasMessage("--disk-nbd scsi9:9: VM 'snapped' has no disk scsi9:9;"
                        + " its disks: [scsi0:0]");
    }

    @Test
    void disksGivenAnNbdExportAreReadThroughItEvenWithASnapshotChain() throws Exception {
        writeGrains(sim.diskFile("nbd", 0), 12, 3, 17);
        writeGrains(sim.diskFile("nbd", 1), 13, 0);
        try (VsphereClient client = VsphereClient.connect(sim.sdkUri(), Optional.of(sim.thumbprint()),
                Duration.ofSeconds(30))) {
            client.login(sim.username(), sim.password());
            Inventory.findVm(client, "nbd").createSnapshot("user snapshot", "", false, Duration.ofSeconds(30));
        }
        Path socket0 = Files.createTempDirectory(dir, "nbd").resolve("s.sock");
        Path socket1 = Files.createTempDirectory(dir, "nbd").resolve("s.sock");
        Process server0 = qemuNbd(sim.diskFile("nbd", 0), socket0);
        Process server1 = qemuNbd(sim.diskFile("nbd", 1), socket1);
        try {
            java.util.Map<String, String> exports = java.util.Map.of("scsi0:0", "nbd+unix:///d?socket=" + socket0,
                    "scsi0:1", "nbd+unix:///d?socket=" + socket1);
            try (VsphereVm vm = VsphereVm.open(target("nbd"), options().withEnableCbt(true).withDiskNbd(exports))) {
                assertThat(sim.snapshotCount("nbd")).isEqualTo(2);
                assertThat(readAll(vm.disks().get(0).source())).isEqualTo(Files.readAllBytes(sim.diskFile("nbd", 0)));
                assertThat(readAll(vm.disks().get(1).source())).isEqualTo(Files.readAllBytes(sim.diskFile("nbd", 1)));
            }
            assertThat(sim.snapshotCount("nbd")).isEqualTo(1);
            java.util.Map<String, String> swapped = java.util.Map.of("scsi0:0", "nbd+unix:///d?socket=" + socket1,
                    "scsi0:1", "nbd+unix:///d?socket=" + socket0);
            assertThatThrownBy(() -> VsphereVm.open(target("nbd"), options().withDiskNbd(swapped)))
                    .hasMessageContaining("is 1048576 bytes, not the disk's 2097152 (does it serve disk scsi0:0");
            assertThat(sim.snapshotCount("nbd")).isEqualTo(1);
        } finally {
            server0.destroy();
            server1.destroy();
        }
    }

    @Test
    void anExportCommandIsStartedPerDiskOnTheSessionsSnapshotAndStoppedAtClose() throws Exception {
        writeGrains(sim.diskFile("cmd", 0), 14, 9);
        writeGrains(sim.diskFile("cmd", 1), 15, 2);
        try (VsphereClient client = VsphereClient.connect(sim.sdkUri(), Optional.of(sim.thumbprint()),
                Duration.ofSeconds(30))) {
            client.login(sim.username(), sim.password());
            Inventory.findVm(client, "cmd").createSnapshot("user snapshot", "", false, Duration.ofSeconds(30));
        }
        Path root = sim.diskFile("cmd", 0).getParent().getParent();
        Path calls = Files.createTempDirectory(dir, "calls").resolve("calls.log");
        // stands in for nbdkit's VDDK plugin: maps [ds] path to the simulator's flat file
        List<String> template = List.of("sh", "-c", "p=\"${1#*] }\"; echo \"$2 $3 $4\" >> \"$6\"; exec qemu-nbd -r -t"
                + " -f raw --socket=\"$0\" \"$5/${p%.vmdk}-flat.vmdk\"", "{socket}", "{file}", "{vm}", "{snapshot}",
                "{label}", root.toString(), calls.toString());
        try (VsphereVm vm = VsphereVm.open(target("cmd"), options().withExportCommand(template))) {
            assertThat(readAll(vm.disks().get(0).source())).isEqualTo(Files.readAllBytes(sim.diskFile("cmd", 0)));
            assertThat(readAll(vm.disks().get(1).source())).isEqualTo(Files.readAllBytes(sim.diskFile("cmd", 1)));
            assertThat(Files.readAllLines(calls)).hasSize(2).allSatisfy(line -> assertThat(line)
                    .startsWith(sim.vmMoref("cmd") + " snapshot-").matches(".* scsi0:[01]"));
        }
        assertThat(sim.snapshotCount("cmd")).isEqualTo(1);
        List<String> failing = List.of("sh", "-c", "echo no licence >&2; exit 3");
        assertThatThrownBy(() -> VsphereVm.open(target("cmd"), options().withExportCommand(failing)))
                .hasMessageContaining("NBD export command 'sh' exited (status 3) without creating its socket: no licence");
        assertThat(sim.snapshotCount("cmd")).isEqualTo(1);
    }

    private static Process qemuNbd(Path image, Path socket) throws Exception {
        Process process = new ProcessBuilder("qemu-nbd", "-r", "-t", "-x", "d", "-f", "raw", "--socket=" + socket,
                image.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("qemu-nbd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(process.isAlive() || System.nanoTime() < deadline,
                    "qemu-nbd did not start");
            Thread.sleep(20);
        }
        return process;
    }

    @Test
    void pagedAnswersAreFollowedToTheDisksEnd() throws IOException {
        int[] changed = {0, 2, 4, 6, 8, 10, 12, 14, 20, 40, 63};
        writeGrains(sim.diskFile("paged", 0), 9, changed);
        sim.setPageSize(2);
        try (VsphereVm vm = VsphereVm.open(target("paged"), options().withEnableCbt(true))) {
            ChangeSet changes = vm.disks().get(0).source().changes(Optional.empty());
            assertThat(VsphereDiskSource.complement(changes.knownZero(), 4 * MIB)).isEqualTo(grains(changed));
        } finally {
            sim.setPageSize(1000);
        }
    }

    @Test
    void thumbprintPinAcceptedWrongPinAndUntrustedCertificateRefused() throws IOException {
        String colons = String.join(":", sim.thumbprint().toUpperCase().split("(?<=\\G..)"));
        try (VsphereVm vm = VsphereVm.open(target("pins"), options().withThumbprint(colons))) {
            assertThat(vm.disks()).hasSize(1);
        }
        String wrong = "00".repeat(32);
        assertThatThrownBy(() -> VsphereVm.open(target("pins"), options().withThumbprint(wrong)))
                .hasMessageContaining("TLS handshake with " + sim.host() + ":" + sim.port() + " failed")
                .hasMessageContaining("has SHA-256 thumbprint " + sim.thumbprint() + ", not the pinned " + wrong);
        VsphereOptions jdkTrust = VsphereOptions.withPassword(sim.password());
        assertThatThrownBy(() -> VsphereVm.open(target("pins"), jdkTrust))
                .hasMessageContaining("TLS handshake with " + sim.host() + ":" + sim.port() + " failed")
                .hasMessageContaining("--thumbprint");
        assertThat(sim.snapshotCount("pins")).isZero();
    }

    @Test
    void vmsAreFoundByReferenceAndUnknownNamesListTheVms() throws IOException {
        try (VsphereVm vm = VsphereVm.open(target(sim.vmMoref("byref")), options())) {
            assertThat(vm.name()).isEqualTo("byref");
        }
        assertThatThrownBy(() -> VsphereVm.open(target("no-such-vm"), options()))
                .hasMessageContaining("no VM named 'no-such-vm'; VMs: [").hasMessageContaining("byref");
        assertThatThrownBy(() -> VsphereVm.open(target("DC0/vm/no-such-vm"), options()))
                .hasMessageContaining("inventory path 'DC0/vm/no-such-vm' names nothing");
        assertThatThrownBy(() -> VsphereVm.open(target("byref"), VsphereOptions.withPassword("wrong")
                .withThumbprint(sim.thumbprint()))).hasMessageStartingWith("vSphere Login failed: InvalidLogin");
    }

    @Test
    void anInterruptedRunStillRemovesItsSnapshot() throws Exception {
        writeGrains(sim.diskFile("interrupt", 0), 10, 0, 50, 100);
        Thread.currentThread().interrupt();
        try (VsphereVm vm = openUninterrupted()) {
            assertThat(sim.snapshotCount("interrupt")).isEqualTo(1);
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> readAll(vm.disks().get(0).source())).isInstanceOf(
                    java.io.InterruptedIOException.class);
            Thread.currentThread().interrupt();
        } finally {
            assertThat(Thread.interrupted()).as("close() restores the interrupt flag").isTrue();
        }
        assertThat(sim.snapshotCount("interrupt")).isZero();
    }

    private static VsphereVm openUninterrupted() throws IOException {
        Thread.interrupted();
        return VsphereVm.open(target("interrupt"), options());
    }
}
