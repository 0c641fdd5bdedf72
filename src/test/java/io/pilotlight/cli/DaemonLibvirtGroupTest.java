package io.pilotlight.cli;

import static io.pilotlight.cli.DaemonPlannerJobsTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.LibvirtDomain;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code groups:} entry with a {@code libvirt://} source, planned from the file and run by a real
 * daemon on fake time against a running domain of a real libvirtd: a full first cycle, then an
 * incremental one reading only what was written between them, restoring byte-identical, with one
 * checkpoint, no backup job and no scratch file left, and the domain's XML saved in each group point.
 */
@Slow
@Timeout(300)
class DaemonLibvirtGroupTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(START);

    @Test
    void aLibvirtGroupReplicatesThroughTheDaemonIncrementallyAfterItsFirstCycle() throws Exception {
        try (LibvirtDomain domain = new LibvirtDomain(dir, 64 * MIB)) {
            Path repo = dir.resolve("repo");
            Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
            domain.write("vda", "write -P 0x11 0 8M");
            String yaml = """
                    repositories:
                      main: {location: %s}
                    groups:
                      web1:
                        source: "%s"
                        schedule: every 15m
                    """.formatted(repo, domain.uri());
            DaemonPlan plan = DaemonPlannerJobsTest.plan(yaml, Map.of(), new StringWriter());
            Path reference = dir.resolve("reference.raw");
            DaemonPlannerJobsTest.run(plan, time, dir.resolve("state"), () -> between(domain, reference),
                    START.plus(Duration.ofMinutes(15)));

            assertThat(new RunJournal(dir.resolve("state")).read()).hasSize(2)
                    .allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
            Repository repository = Repository.open(new DirectoryObjectStore(repo));
            List<GroupPoint> points = repository.groupPoints("web1");
            assertThat(points).hasSize(2);
            PointInfo first = repository.point("web1-vda", points.get(0).disks().get(0).point());
            PointInfo second = repository.point("web1-vda", points.get(1).disks().get(0).point());
            assertThat(first.fullPass()).isTrue();
            assertThat(first.readBytes()).isEqualTo(8 * MIB);
            assertThat(second.fullPass()).as("the second cycle is incremental").isFalse();
            assertThat(second.readBytes()).isEqualTo(2 * MIB);
            assertThat(points).allSatisfy(point -> assertThat(point.domainXml()).as("the domain XML of each group point")
                    .contains("<name>" + domain.name + "</name>", "<source file='" + domain.images.get("vda") + "'/>"));
            assertThat(repository.groupPoint("web1", points.get(1).id()).domainXml()).isEqualTo(points.get(1).domainXml());
            assertThat(domain.jobType()).isEqualTo("None");
            assertThat(domain.checkpoints()).hasSize(1);
            try (Stream<Path> scratch = Files.list(dir.resolve("scratch"))) {
                assertThat(scratch).isEmpty();
            }
            Path restored = dir.resolve("restored.raw");
            new Restorer(repository, ProgressListener.NONE).restore("web1-vda", second.id(), restored, false);
            assertThat(Files.mismatch(restored, reference)).isEqualTo(-1);
        }
    }

    /** After the first cycle: 2 MiB written in the running guest, and the disk's copy as the next cycle must see it. */
    private static void between(LibvirtDomain domain, Path reference) throws IOException {
        domain.write("vda", "write -P 0x22 32M 2M");
        try {
            domain.reference("vda", reference);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
