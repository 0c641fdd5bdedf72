package io.pilotlight.repo.repair;

import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryPacks;
import io.pilotlight.repo.StoredBlob;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code repair packs} (docs/design.md §18.2): takes damaged and missing blobs out of use. Reads
 * every indexed pack whole; a pack that is missing, does not hash to its name, or holds a blob that
 * does not decode to its id is <em>damaged</em>. Its good blobs are copied into new packs (stored
 * and indexed as a replicate stores them); then every index file naming a damaged pack is replaced
 * by one without it; then the damaged packs are deleted. A blob lost this way is in no index, so
 * the next replicate of its disk stores it again from the source, and every point naming it is
 * restorable again from then on.
 */
public final class PackSalvage {
    private final Repository repository;
    private final Clock clock;

    public PackSalvage(Repository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public RepairResult run(boolean dryRun) throws IOException {
        try (RepairLease lease = dryRun ? null : RepairLease.take(repository, clock)) {
            RepositoryPacks packs = repository.packs();
            RepositoryPacks.IndexFiles files = packs.indexFilesIsolated();
            Map<Hash, List<PackEntry>> indexed = union(files.readable());
            Map<Hash, Long> stored = packs.storedPacks();
            List<String> actions = new ArrayList<>();
            List<String> left = new ArrayList<>();
            files.damaged().forEach((key, why) -> left.add("index file " + key + " is damaged (pilotlight repair index"
                    + " rebuilds it first): " + why));
            Set<Hash> damaged = new LinkedHashSet<>();
            for (Map.Entry<Hash, List<PackEntry>> pack : indexed.entrySet()) {
                check(pack.getKey(), pack.getValue(), stored.containsKey(pack.getKey()), actions)
                        .ifPresent(damaged::add);
            }
            if (!dryRun && !damaged.isEmpty()) {
                lease.checkAlone();
                copyGoodBlobs(damaged, indexed, stored);
                dropFromIndex(damaged, files.readable());
                lease.checkAlone();
                packs.deletePacks(damaged.stream().filter(stored::containsKey).toList());
            }
            return new RepairResult(dryRun, actions, left);
        }
    }

    /** The union of index files: each pack with its entries (the first file naming a pack wins). */
    static Map<Hash, List<PackEntry>> union(Map<String, Map<Hash, List<PackEntry>>> files) {
        Map<Hash, List<PackEntry>> union = new LinkedHashMap<>();
        files.values().forEach(file -> file.forEach(union::putIfAbsent));
        return union;
    }

    /** Reads one pack whole; returns it when it is damaged, with an action naming what is lost. */
    private java.util.Optional<Hash> check(Hash pack, List<PackEntry> entries, boolean isStored, List<String> actions)
            throws IOException {
        String key = RepositoryPacks.packKey(pack);
        if (!isStored) {
            actions.add("pack " + key + " is missing: its " + entries.size() + " blob(s) are taken out of use"
                    + " (the next replicate stores them again from the source)");
            return java.util.Optional.of(pack);
        }
        byte[] bytes = repository.packs().readPackBytes(pack);
        List<String> lost = new ArrayList<>();
        for (PackEntry entry : entries) {
            try {
                repository.packs().salvage(pack, bytes, entry);
            } catch (CorruptObjectException e) {
                lost.add(e.getMessage());
            }
        }
        boolean whole = repository.contentIds().of(bytes).equals(pack);
        if (whole && lost.isEmpty()) {
            return java.util.Optional.empty();
        }
        actions.add("pack " + key + (whole ? "" : " does not hash to its name") + ": " + (entries.size() - lost.size())
                + " good blob(s) copied to a new pack, " + lost.size() + " taken out of use"
                + (lost.isEmpty() ? "" : " (" + String.join("; ", lost) + ")") + "; the pack is deleted");
        return java.util.Optional.of(pack);
    }

    /** Stores again, in new packs, every blob of a damaged pack that still decodes to its id. */
    private void copyGoodBlobs(Set<Hash> damaged, Map<Hash, List<PackEntry>> indexed, Map<Hash, Long> stored)
            throws IOException {
        try (BlobWriter writer = repository.newBlobWriter(1, damaged)) {
            for (Hash pack : damaged) {
                if (!stored.containsKey(pack)) {
                    continue;
                }
                byte[] bytes = repository.packs().readPackBytes(pack);
                for (PackEntry entry : indexed.get(pack)) {
                    StoredBlob blob;
                    try {
                        blob = repository.packs().salvage(pack, bytes, entry);
                    } catch (CorruptObjectException e) {
                        continue;
                    }
                    writer.add(blob);
                }
            }
            writer.finish();
        }
    }

    /** Replaces every index file naming a damaged pack by one holding the rest of its entries. */
    private void dropFromIndex(Set<Hash> damaged, Map<String, Map<Hash, List<PackEntry>>> files) throws IOException {
        Map<Hash, List<PackEntry>> kept = new LinkedHashMap<>();
        List<String> superseded = new ArrayList<>();
        files.forEach((key, packs) -> {
            if (packs.keySet().stream().anyMatch(damaged::contains)) {
                superseded.add(key);
                packs.forEach((pack, entries) -> {
                    if (!damaged.contains(pack)) {
                        kept.putIfAbsent(pack, entries);
                    }
                });
            }
        });
        repository.packs().replaceIndexFiles(kept, superseded);
    }
}
