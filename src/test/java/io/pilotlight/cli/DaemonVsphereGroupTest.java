package io.pilotlight.cli;

import static io.pilotlight.cli.DaemonPlannerJobsTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.TestImages;
import io.pilotlight.testing.VsphereSim;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code groups:} entry with a {@code vsphere://} source, planned from the file and run by a real
 * daemon on fake time against VsphereSim: two cycles through the library call of
 * {@code replicate --source vsphere://…}, the password by reference, the group's retention applied
 * after each, and no snapshot left on the VM.
 */
@Slow
@Timeout(300)
class DaemonVsphereGroupTest {
    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(START);

    @Test
    void aVsphereGroupReplicatesThroughTheDaemonAndItsRetentionIsApplied() throws Exception {
        try (VsphereSim sim = VsphereSim.start(dir.resolve("sim"),
                new VsphereSim.VmSpec("web1", 4 * TestImages.MIB, 2 * TestImages.MIB))) {
            Path repo = dir.resolve("repo");
            Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
            TestImages.change(sim.diskFile("web1", 0), 200_000, new Random(5));
            String yaml = """
                    repositories:
                      main: {location: %s}
                    groups:
                      web1:
                        source: vsphere://%s@%s:%d/web1
                        vsphere: {password: {env: PL_VSPHERE_PASSWORD}, thumbprint: "%s", enable-cbt: true}
                        schedule: every 15m
                        retention: {keep-last: 1}
                    """.formatted(repo, sim.username(), sim.host(), sim.port(), sim.thumbprint());
            DaemonPlan plan = DaemonPlannerJobsTest.plan(yaml, Map.of("PL_VSPHERE_PASSWORD", sim.password()),
                    new StringWriter());
            DaemonPlannerJobsTest.run(plan, time, dir.resolve("state"), START.plus(Duration.ofMinutes(15)));

            assertThat(new RunJournal(dir.resolve("state")).read()).hasSize(2)
                    .allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
            Repository repository = Repository.open(new DirectoryObjectStore(repo));
            List<GroupPoint> points = repository.groupPoints("web1");
            assertThat(points).as("keep-last 1").hasSize(1);
            assertThat(points.get(0).disks()).extracting(GroupPoint.Member::diskSize)
                    .containsExactly(4L * TestImages.MIB, 2L * TestImages.MIB);
            assertThat(sim.snapshotCount("web1")).isZero();
        }
    }
}
