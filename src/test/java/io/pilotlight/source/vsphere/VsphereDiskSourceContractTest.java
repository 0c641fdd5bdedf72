package io.pilotlight.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.source.AbstractChangedBlockSourceTest;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.ClosingSource;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import io.pilotlight.testing.VsphereSim.VmSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract for a vSphere disk in the CBT-capable simulator: each test gets a VM of its own,
 * and each run is one session (a snapshot), closed with the source.
 */
@Slow
class VsphereDiskSourceContractTest extends AbstractChangedBlockSourceTest {
    private static final int VMS = 12;
    private static final AtomicInteger NEXT_VM = new AtomicInteger();

    @TempDir
    static Path simulatorDirectory;
    static VsphereSim sim;

    @BeforeAll
    static void startSimulator() throws IOException {
        VmSpec[] vms = new VmSpec[VMS];
        for (int i = 0; i < VMS; i++) {
            vms[i] = new VmSpec("contract" + i, SIZE);
        }
        sim = VsphereSim.start(simulatorDirectory, vms);
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    @Override
    protected Disk createDisk(Path directory, long size) throws Exception {
        String name = "contract" + NEXT_VM.getAndIncrement();
        Path flat = sim.diskFile(name, 0);
        assertThat(Files.size(flat)).isEqualTo(size);
        VsphereTarget target = VsphereTarget.parse("vsphere://" + URLEncoder.encode(sim.username(),
                StandardCharsets.UTF_8) + "@" + sim.host() + ":" + sim.port() + "/" + name);
        VsphereOptions options = VsphereOptions.withPassword(sim.password()).withThumbprint(sim.thumbprint())
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60)).withEnableCbt(true);
        return new Disk() {
            @Override
            public ChangedBlockSource open() throws Exception {
                VsphereVm vm = VsphereVm.open(target, options);
                return new ClosingSource(vm.disks().get(0).source(), vm);
            }

            @Override
            public void write(long offset, int length, int pattern) throws Exception {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) pattern);
                try (RandomAccessFile file = new RandomAccessFile(flat.toFile(), "rw")) {
                    file.seek(offset);
                    file.write(bytes);
                }
            }

            @Override
            public byte[] content() throws Exception {
                return Files.readAllBytes(flat);
            }

            @Override
            public void assertReleased() throws Exception {
                assertThat(sim.snapshotCount(name)).as("snapshots of %s left", name).isZero();
            }
        };
    }
}
