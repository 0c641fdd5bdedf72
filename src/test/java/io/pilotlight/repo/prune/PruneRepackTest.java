package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.PrunePlan.PlannedPack;
import io.pilotlight.repo.PrunePlan.Reason;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryPacks;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repack over the duplicates an interrupted repack leaves (docs/design.md §16.6): a live blob whose
 * other copy is in a pack the same prune plans as unused is copied, so the plan completes.
 */
class PruneRepackTest {
    @TempDir
    Path dir;

    /**
     * Pack {@code old} is half dead and holds live blob b; pack {@code copy} (what a killed repack
     * wrote, whose other blobs have died since) holds b too, among more dead bytes, so b counts live
     * in {@code old}: the prune plans {@code copy} unused and repacks {@code old}. The index names b
     * in {@code copy} first. A repack that took that copy for a kept one would leave b in planned
     * packs only: the next prune would keep both (rule 3) and every later one plan them again.
     */
    @Test
    void aBlobWhoseOtherCopyIsPlannedUnusedIsCopiedAndThePlanCompletes() throws Exception {
        PruneFixture fixture = new PruneFixture(dir, new DirectoryObjectStore(dir.resolve("repo")));
        fixture.write("a", 0, 1 << 20);
        PointInfo first = fixture.replicate("a");
        Hash old = onlyPack(fixture.repository.packs());
        fixture.write("a", 0, 512 << 10);
        fixture.replicate("a");
        fixture.store.delete("points/a/" + first.id());
        fixture.forgetAllExpected("a", first.id());
        Set<Hash> live = LiveSet.walk(fixture.repository, ProgressListener.NONE).all();
        Hash copy = copyOneLiveAndEveryDeadBlob(fixture.repository, old, live);
        indexCopyFirst(fixture.repository.packs(), copy, old);

        fixture.prune();
        assertThat(fixture.repository.packs().plans()).singleElement().satisfies(plan -> assertThat(plan.packs())
                .contains(new PlannedPack(copy.hex(), Reason.unused), new PlannedPack(old.hex(), Reason.repacked)));
        fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plusMinutes(1));
        PruneResult done = fixture.prune();

        assertThat(fixture.storedPacks()).as("packs left after the plan completed; %s", done)
                .doesNotContain(RepositoryPacks.packKey(old), RepositoryPacks.packKey(copy));
        assertThat(done.plannedPacks()).isZero();
        fixture.assertIndexNamesOnlyStoredPacks();
        fixture.assertEveryPointRestores(fixture.repository);
        fixture.assertEveryPointRestores(Repository.open(fixture.store));
    }

    private static Hash onlyPack(RepositoryPacks packs) throws Exception {
        return packs.storedPacks().keySet().stream().reduce((a, b) -> {
            throw new AssertionError("more than one pack: " + a + ", " + b);
        }).orElseThrow();
    }

    /** A new pack with the first live blob of {@code old} and all its dead ones. */
    private static Hash copyOneLiveAndEveryDeadBlob(Repository repository, Hash old, Set<Hash> live)
            throws Exception {
        Set<Hash> before = new HashSet<>(repository.packs().storedPacks().keySet());
        RepositoryPacks.PackContents contents = repository.packs().readPack(old);
        PackEntry kept = contents.entries().stream().filter(entry -> live.contains(entry.id())).findFirst()
                .orElseThrow();
        try (BlobWriter writer = repository.newBlobWriter(1, Set.of(old))) {
            writer.add(contents.blob(kept));
            for (PackEntry entry : contents.entries()) {
                if (!live.contains(entry.id())) {
                    writer.add(contents.blob(entry));
                }
            }
            writer.finish();
        }
        Set<Hash> added = new HashSet<>(repository.packs().storedPacks().keySet());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        return added.iterator().next();
    }

    /** Merges the index files naming {@code first} and {@code then} into one naming {@code first} first. */
    private static void indexCopyFirst(RepositoryPacks packs, Hash first, Hash then) throws Exception {
        Map<String, Map<Hash, List<PackEntry>>> files = packs.indexFiles();
        Map<Hash, List<PackEntry>> merged = new LinkedHashMap<>();
        List<String> superseded = files.entrySet().stream()
                .filter(file -> file.getValue().containsKey(first) || file.getValue().containsKey(then))
                .sorted((a, b) -> Boolean.compare(b.getValue().containsKey(first), a.getValue().containsKey(first)))
                .map(Map.Entry::getKey).toList();
        superseded.forEach(key -> files.get(key).forEach(merged::putIfAbsent));
        assertThat(merged.keySet().iterator().next()).isEqualTo(first);
        packs.replaceIndexFiles(merged, superseded);
    }
}
