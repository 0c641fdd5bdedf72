package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.PrunePlan;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune over a directory repository, on a fake clock. */
class PrunerTest {
    @TempDir
    Path dir;
    private PruneFixture fixture;

    @BeforeEach
    void repository() throws Exception {
        fixture = new PruneFixture(dir, new DirectoryObjectStore(dir.resolve("repo")));
    }

    /** Disk {@code a} forgotten, disk {@code b} kept: their data shares nothing. */
    private Set<String> forgottenDiskPacks() throws Exception {
        fixture.write("a", 0, 2 << 20);
        fixture.replicate("a");
        Set<String> packsOfA = fixture.storedPacks();
        fixture.write("b", 1 << 20, 2 << 20);
        fixture.replicate("b");
        fixture.forgetAll("a");
        return packsOfA;
    }

    @Test
    void unusedPacksArePlannedThenDeletedOnlyByALaterPruneAfterTheGrace() throws Exception {
        Set<String> packsOfA = forgottenDiskPacks();

        PruneResult marked = fixture.prune();
        assertThat(marked.plannedPacks()).isEqualTo(packsOfA.size());
        assertThat(marked.packsDeleted()).isZero();
        assertThat(fixture.storedPacks()).containsAll(packsOfA);
        assertThat(fixture.repository.packs().plans()).singleElement()
                .satisfies(plan -> assertThat(plan.packs()).allMatch(p -> p.reason() == PrunePlan.Reason.unused));

        fixture.clock.advance(Duration.ofHours(23));
        PruneResult early = fixture.prune();
        assertThat(early.packsDeleted()).isZero();
        assertThat(early.plansWaiting()).isEqualTo(1);

        fixture.clock.advance(Duration.ofHours(2));
        PruneResult done = fixture.prune();
        assertThat(done.plansCompleted()).isEqualTo(1);
        assertThat(done.packsDeleted()).isEqualTo(packsOfA.size());
        assertThat(done.bytesFreed()).isPositive();
        assertThat(fixture.storedPacks()).doesNotContainAnyElementsOf(packsOfA);
        assertThat(fixture.repository.packs().plans()).isEmpty();
        fixture.assertIndexNamesOnlyStoredPacks();
        fixture.assertEveryPointRestores(fixture.repository);
        fixture.assertEveryPointRestores(Repository.open(fixture.store));
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        Set<String> before = forgottenDiskPacks();
        Set<String> all = fixture.storedPacks();
        PruneOptions dry = PruneOptions.defaults().withDryRun(true);

        PruneResult result = new Pruner(fixture.repository, dry, fixture.clock, ProgressListener.NONE).run();

        assertThat(result.plannedPacks()).isEqualTo(before.size());
        assertThat(fixture.repository.packs().plans()).isEmpty();
        assertThat(fixture.storedPacks()).isEqualTo(all);
    }

    @Test
    void aPackUsedAgainByAPointCommittedAfterThePlanIsDroppedFromItAndKept() throws Exception {
        fixture.write("a", 0, 2 << 20);
        PointInfo point = fixture.replicate("a");
        String key = "points/a/" + point.id();
        byte[] manifest = fixture.store.get(key);
        fixture.store.delete(key);
        fixture.prune();
        fixture.store.put(key, manifest); // committed again after the plan, as a writer that saw no plan would

        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));
        PruneResult result = fixture.prune();

        assertThat(result.packsDeleted()).isZero();
        assertThat(result.packsKept()).isPositive();
        assertThat(result.plansCompleted()).isEqualTo(1);
        assertThat(fixture.repository.packs().plans()).isEmpty();
        assertThat(Repository.open(fixture.store).points(java.util.Optional.empty())).hasSize(1);
        new io.pilotlight.recovery.restore.Restorer(fixture.repository, ProgressListener.NONE)
                .restore("a", point.id(), dir.resolve("again.img"), false);
        assertThat(java.nio.file.Files.mismatch(dir.resolve("again.img"), dir.resolve("a-" + point.id() + ".expected")))
                .isEqualTo(-1L);
    }

    @Test
    void aWriterLeaseTakenBeforeThePlanWasStoredHoldsDeletionBack() throws Exception {
        Set<String> packsOfA = forgottenDiskPacks();
        fixture.prune();
        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));

        try (Lease writer = fixture.repository.lease("b")) {
            PruneResult held = fixture.prune();
            assertThat(held.packsDeleted()).isZero();
            assertThat(held.plansWaiting()).isEqualTo(1);
        }
        assertThat(fixture.storedPacks()).containsAll(packsOfA);

        assertThat(fixture.prune().packsDeleted()).isEqualTo(packsOfA.size());
    }

    @Test
    void repackCopiesLiveBlobsSoEveryPointRestoresOnceTheOldPackIsGone() throws Exception {
        fixture.write("a", 0, 4 << 20);
        PointInfo first = fixture.replicate("a");
        Set<String> firstPacks = fixture.storedPacks();
        fixture.write("a", 0, 3 << 20);
        fixture.replicate("a");
        fixture.store.delete("points/a/" + first.id());
        fixture.forgetAllExpected("a", first.id());
        Repository stale = Repository.open(fixture.store);
        stale.packs(); // an index loaded before the repack: its reader must find the blobs anew
        fixture.assertEveryPointRestores(stale);

        PruneResult marked = fixture.prune();
        assertThat(marked.packsRepacked()).isPositive();
        assertThat(marked.repackedBytes()).isPositive();
        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));
        PruneResult done = fixture.prune();

        assertThat(done.packsDeleted()).isPositive();
        assertThat(fixture.storedPacks()).doesNotContainAnyElementsOf(firstPacks);
        fixture.assertIndexNamesOnlyStoredPacks();
        fixture.assertEveryPointRestores(stale);
        fixture.assertEveryPointRestores(Repository.open(fixture.store));
    }

    @Test
    void unindexedOrphanPacksAreCollected() throws Exception {
        fixture.write("b", 0, 1 << 20);
        fixture.replicate("b");
        String orphan = "data/ab/" + "ab".repeat(32);
        fixture.store.put(orphan, new byte[1000]);

        PruneResult marked = fixture.prune();
        assertThat(fixture.repository.packs().plans()).singleElement().satisfies(plan -> assertThat(plan.packs())
                .containsExactly(new PrunePlan.PlannedPack("ab".repeat(32), PrunePlan.Reason.unindexed)));
        assertThat(marked.plannedBytes()).isEqualTo(1000);
        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));
        fixture.prune();

        assertThat(fixture.storedPacks()).doesNotContain(orphan);
        fixture.assertEveryPointRestores(fixture.repository);
    }

    @Test
    void indexFilesAreRewrittenSoNoEntryNamesADeletedPack() throws Exception {
        Set<String> packsOfA = forgottenDiskPacks();
        Set<Hash> deleted = new HashSet<>();
        packsOfA.forEach(key -> deleted.add(Hash.fromHex(key.substring(key.lastIndexOf('/') + 1))));
        Set<Hash> indexedBefore = new HashSet<>();
        fixture.repository.packs().indexFiles().values().forEach(file -> indexedBefore.addAll(file.keySet()));
        assertThat(indexedBefore).containsAll(deleted);

        PruneResult result = fixture.pruneTwice();

        assertThat(result.indexFilesRewritten()).isPositive();
        Map<String, Map<Hash, List<PackEntry>>> files = fixture.repository.packs().indexFiles();
        files.values().forEach(file -> assertThat(file.keySet()).doesNotContainAnyElementsOf(deleted));
        Set<Hash> indexedAfter = new HashSet<>();
        files.values().forEach(file -> indexedAfter.addAll(file.keySet()));
        Set<Hash> expected = new HashSet<>(indexedBefore);
        expected.removeAll(deleted);
        assertThat(indexedAfter).isEqualTo(expected);
    }

    @Test
    void aSecondPruneIsRefusedNamingTheHolder() throws Exception {
        try (Lease held = fixture.repository.packs().pruneLease()) {
            Throwable thrown = catchThrowable(fixture::prune);

            assertThat(thrown).isInstanceOfSatisfying(RepositoryException.class,
                    e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.LOCKED));
            assertThat(thrown.getMessage()).startsWith("the repository is being written by ")
                    .contains("pid " + ProcessHandle.current().pid()).contains("lease locks/_prune");
        }
    }

    @Test
    void aGraceUnderAMinuteNeedsTheExplicitOption() {
        Throwable thrown = catchThrowable(() -> PruneOptions.defaults().withGrace(Duration.ofSeconds(30)));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("grace PT30S is too short: it must be at least PT1M");
        assertThat(PruneOptions.defaults().withShortGrace(Duration.ZERO).grace()).isZero();
    }

    /**
     * The race: a replicate that dedups against a blob prune has planned stores it again, so its
     * point never depends on a planned pack, and the prune that deletes the pack leaves it whole.
     */
    @Test
    void aReplicateStoresAgainABlobWhoseOnlyCopyIsPlanned() throws Exception {
        fixture.write("a", 0, 2 << 20);
        PointInfo first = fixture.replicate("a");
        fixture.forgetAll("a");
        fixture.prune();
        Set<Hash> planned = new HashSet<>();
        fixture.repository.packs().plans().forEach(plan -> plan.packs().forEach(p -> planned.add(p.id())));
        assertThat(planned).isNotEmpty();

        PointInfo second = fixture.replicate("a"); // the same data, through the index that still names the packs

        assertThat(second.id()).isNotEqualTo(first.id());
        LiveSet live = LiveSet.walk(fixture.repository, ProgressListener.NONE);
        Set<Hash> outsidePlan = new HashSet<>();
        fixture.repository.packs().indexFiles().values().forEach(file -> file.forEach((pack, entries) -> {
            if (!planned.contains(pack)) {
                entries.forEach(entry -> outsidePlan.add(entry.id()));
            }
        }));
        assertThat(outsidePlan).containsAll(live.all());

        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));
        PruneResult done = fixture.prune();
        assertThat(done.packsDeleted()).isEqualTo(planned.size());
        fixture.assertEveryPointRestores(fixture.repository);
        fixture.assertEveryPointRestores(Repository.open(fixture.store));
    }
}
