package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills pruning child JVMs (grace 0) with SIGKILL at random moments over a repository that keeps
 * gaining unused and mostly-unused packs, then prunes to completion: every kept point restores
 * exactly and {@code verify --read-data} is clean (docs/design.md §16.6).
 */
@Tag("slow")
class PruneCrashTest {
    private static final int ROUNDS = 14;
    private static final int SIGKILL_EXIT = 137;

    @TempDir
    Path dir;

    @Test
    void killedPrunesLeaveEveryKeptPointWholeAndTheNextPruneCompletes() throws Exception {
        Path repo = dir.resolve("repo");
        PruneFixture fixture = new PruneFixture(dir, new DirectoryObjectStore(repo));
        Random random = new Random(20261203);
        fixture.write("kept", 0, 3 << 20);
        fixture.replicate("kept");
        fixture.write("churn", 0, 4 << 20);
        fixture.replicate("churn");
        long pruneMillis = measure(repo);
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            fixture.write("churn", (long) random.nextInt(6) << 20, (1 + random.nextInt(2)) << 20);
            fixture.replicate("churn");
            fixture.forgetAllButNewest("churn");
            if (round % 4 == 0) {
                fixture.write("gone-" + round, 0, 1 << 20);
                fixture.replicate("gone-" + round);
                fixture.forgetAll("gone-" + round);
            }
            kills += killAfter(repo, (long) (random.nextDouble() * 1.2 * pruneMillis), round) ? 1 : 0;
        }
        Pruner pruner = new Pruner(Repository.open(fixture.store), PruneOptions.defaults()
                .withShortGrace(Duration.ZERO), Clock.systemUTC(), ProgressListener.NONE);
        // Usually two runs; what the kills left (plans, unindexed or duplicate packs, small packs to combine) can
        // take a few more. A run that keeps planning past ten is a cycle, not convergence: the results say which.
        List<PruneResult> results = new ArrayList<>();
        do {
            results.add(pruner.run());
            assertThat(results.size()).as("prunes until nothing is left to plan; their results:%n%s",
                    results.stream().map(PruneResult::toString).collect(Collectors.joining("\n")))
                    .isLessThanOrEqualTo(10);
        } while (results.get(results.size() - 1).plannedPacks() > 0);
        int runs = results.size();
        PruneResult last = pruner.run(); // deletes what the last marking run planned
        System.out.printf("PruneCrashTest: an uncrashed prune takes %d ms, %d of %d prunes killed, %d prunes to"
                + " finish%n", pruneMillis, kills, ROUNDS, runs);

        assertThat(kills).as("prunes killed before they finished").isGreaterThanOrEqualTo(3);
        assertThat(last.plannedPacks()).isZero();
        assertThat(fixture.repository.packs().plans()).isEmpty();
        assertThat(repo.resolve("locks/_prune")).doesNotExist();
        fixture.assertIndexNamesOnlyStoredPacks();
        fixture.assertEveryPointRestores(fixture.repository);
        fixture.assertEveryPointRestores(Repository.open(fixture.store));
    }

    private long measure(Path repo) throws Exception {
        Path log = dir.resolve("measure.log");
        long started = System.nanoTime();
        ChildJvm.finish(ChildJvm.start("256m", PruneChild.class, log, repo.toString()), log, 120);
        return (System.nanoTime() - started) / 1_000_000;
    }

    private boolean killAfter(Path repo, long delayMillis, int round) throws Exception {
        Path log = dir.resolve("prune-" + round + ".log");
        Process child = ChildJvm.start("256m", PruneChild.class, log, repo.toString());
        if (child.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
            ChildJvm.finish(child, log, 0);
            return false;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() == 0) {
            return false; // it finished just before the kill (destroying it closed its streams: nothing to read)
        }
        assertThat(child.exitValue()).as("prune child's exit; log %s:%n%s", log, Files.readString(log))
                .isEqualTo(SIGKILL_EXIT);
        return true;
    }
}
