package io.pilotlight.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import io.pilotlight.testing.VsphereSim.VmSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vSphere VM named by its inventory path after its name is the same source: the next point is
 * incremental, with no warning (issue 19, defect 8).
 */
@Slow
class VsphereIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aVmByInventoryPathAfterItsNameKeepsItsChangeTracking() throws Exception {
        try (VsphereSim sim = VsphereSim.start(dir, new VmSpec("web1", 2 << 20))) {
            Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
            List<String> warnings = new ArrayList<>();
            Replicator replicator = new Replicator(repository, ReplicateOptions.defaults(), new ProgressListener() {
                @Override
                public void warn(String message) {
                    warnings.add(message);
                }
            });
            VsphereVmTest.writeGrains(sim.diskFile("web1", 0), 1, 2, 5);
            String base = "vsphere://" + URLEncoder.encode(sim.username(), StandardCharsets.UTF_8) + "@" + sim.host()
                    + ":" + sim.port() + "/";
            VsphereOptions options = VsphereOptions.withPassword(sim.password()).withThumbprint(sim.thumbprint())
                    .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60)).withEnableCbt(true);
            replicate(replicator, base + "web1", options);
            VsphereVmTest.writeGrains(sim.diskFile("web1", 0), 2, 9);
            warnings.clear();
            PointInfo byPath = replicate(replicator, base + sim.datacenter() + "/vm/web1", options);
            assertThat(byPath.fullPass()).as("incremental by inventory path after the name; warnings %s", warnings)
                    .isFalse();
            assertThat(byPath.readBytes()).isEqualTo(65536);
            assertThat(warnings).isEmpty();
        }
    }

    private static PointInfo replicate(Replicator replicator, String uri, VsphereOptions options) throws Exception {
        try (VsphereVm vm = VsphereVm.open(VsphereTarget.parse(uri), options)) {
            return replicator.replicate("web1-disk", vm.disks().get(0).source());
        }
    }
}
