package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsTest {
    @TempDir
    Path dir;

    @Test
    void perDiskUniqueAndSharedBytesAndTheUnusedRest() throws Exception {
        PruneFixture fixture = new PruneFixture(dir, new DirectoryObjectStore(dir.resolve("repo")));
        fixture.write("a", 0, 2 << 20);
        fixture.replicate("a");
        fixture.write("a", 0, 1 << 20);
        fixture.replicate("a");
        fixture.write("b", 4 << 20, 1 << 20);
        fixture.replicate("b");

        Stats.Report all = Stats.of(fixture.repository, Optional.empty(), ProgressListener.NONE);

        assertThat(all.disks()).extracting(Stats.DiskStats::disk).containsExactly("a", "b");
        Stats.DiskStats a = all.disks().get(0);
        assertThat(a.points()).isEqualTo(2);
        assertThat(a.logicalBytes()).isEqualTo(PruneFixture.DISK_SIZE);
        assertThat(a.uniqueBytes()).isGreaterThan(3L << 20); // random data: 3 MiB of chunks, plus segments
        assertThat(all.liveBytes()).isEqualTo(all.disks().stream()
                .mapToLong(d -> d.uniqueBytes() + d.sharedBytes()).sum() - sharedOnce(all));
        assertThat(all.unusedBytes()).isEqualTo(all.storedBytes() - all.liveBytes()).isPositive(); // headers
        assertThat(all.plans()).isZero();

        fixture.forgetAll("b");
        fixture.prune();
        Stats.Report after = Stats.of(fixture.repository, Optional.of("a"), ProgressListener.NONE);
        assertThat(after.disks()).extracting(Stats.DiskStats::disk).containsExactly("a");
        assertThat(after.plans()).isEqualTo(1);
        assertThat(after.plannedBytes()).isPositive();
        assertThat(after.unusedBytes()).isGreaterThanOrEqualTo(after.plannedBytes());
    }

    /** Shared blobs are counted under each disk that uses them but once in the repository's live bytes. */
    private static long sharedOnce(Stats.Report report) {
        long shared = report.disks().stream().mapToLong(Stats.DiskStats::sharedBytes).sum();
        return shared / 2; // two disks
    }
}
