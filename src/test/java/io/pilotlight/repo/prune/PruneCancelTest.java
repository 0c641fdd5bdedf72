package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prune asked to stop (the daemon's cancellation: its progress listener throws {@link
 * CancellationException}) at each of its progress reports in turn, over the two prunes that plan and
 * then delete a forgotten disk's packs and repack a mostly-unused one: each stop releases the prune
 * lease and leaves every kept point restoring exactly with {@code verify --read-data} clean, and the
 * prunes that follow complete. Slow: a repository is built and pruned for every report (~30 s).
 */
@Slow
class PruneCancelTest {
    @TempDir
    Path dir;

    @Test
    void aPruneStoppedAtAnyProgressReportIsSafeAndTheNextPrunesComplete() throws Exception {
        int stops = 0;
        for (int stopAt = 1; stopAt <= 40; stopAt++) {
            Path round = dir.resolve("round-" + stopAt);
            Files.createDirectories(round);
            PruneFixture fixture = scenario(round);
            if (!pruneTwiceStoppingAt(fixture, stopAt)) {
                assertThat(stops).as("reports at which a prune was stopped").isGreaterThanOrEqualTo(5);
                return;
            }
            stops++;
            assertThat(leases(round)).as("round %d", stopAt).isEmpty();
            fixture.assertEveryPointRestores(fixture.repository);
            fixture.prune();
            fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plus(Duration.ofMinutes(1)));
            fixture.prune();
            fixture.assertIndexNamesOnlyStoredPacks();
            fixture.assertEveryPointRestores(fixture.repository);
        }
        throw new AssertionError("the prunes reported progress more than 40 times");
    }

    /** Disk a forgotten; disk b's first pack mostly overwritten and its first point forgotten. */
    private static PruneFixture scenario(Path round) throws IOException {
        PruneFixture fixture = new PruneFixture(round, new DirectoryObjectStore(round.resolve("repo")));
        fixture.write("a", 0, 2 << 20);
        fixture.replicate("a");
        fixture.write("b", 1 << 20, 2 << 20);
        fixture.replicate("b");
        fixture.write("b", 1 << 20, (2 << 20) - (128 << 10));
        fixture.replicate("b");
        fixture.forgetAll("a");
        fixture.forgetAllButNewest("b");
        return fixture;
    }

    /** Plans, then deletes after the grace, stopping at the {@code stopAt}-th report; false if both ended. */
    private static boolean pruneTwiceStoppingAt(PruneFixture fixture, int stopAt) throws IOException {
        AtomicInteger reports = new AtomicInteger();
        ProgressListener stopping = new ProgressListener() {
            @Override
            public void phase(String name, long totalBytes) {
                report();
            }

            @Override
            public void advance(long bytes) {
                report();
            }

            private void report() {
                if (reports.incrementAndGet() == stopAt) {
                    throw new CancellationException("stopped at report " + stopAt);
                }
            }
        };
        try {
            new Pruner(fixture.repository, PruneOptions.defaults(), fixture.clock, stopping).run();
            fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plus(Duration.ofMinutes(1)));
            new Pruner(fixture.repository, PruneOptions.defaults(), fixture.clock, stopping).run();
            return false;
        } catch (CancellationException e) {
            return true;
        }
    }

    private static java.util.List<Path> leases(Path round) throws IOException {
        Path locks = round.resolve("repo").resolve("locks");
        if (!Files.exists(locks)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(locks)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
