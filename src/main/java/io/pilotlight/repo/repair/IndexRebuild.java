package io.pilotlight.repo.repair;

import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryPacks;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code repair index} (docs/design.md §18.1): rebuilds the index from the pack headers. Lists the
 * index files first, then the packs (so every pack an index file names was stored before it was
 * listed), reads each pack's header (two ranged GETs), and, when that differs from what the index
 * says (a damaged or deleted index file, a pack no index names, a pack that is gone), stores new
 * index files for every pack and only then deletes the old ones. A pack whose header cannot be read
 * keeps the entries the old index gave it, for {@code repair packs} to salvage.
 */
public final class IndexRebuild {
    /** Entries per new index file: about 5 MiB of payload before compression. */
    static final int ENTRIES_PER_FILE = 100_000;

    private final Repository repository;
    private final Clock clock;

    public IndexRebuild(Repository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public RepairResult run(boolean dryRun) throws IOException {
        try (RepairLease lease = dryRun ? null : RepairLease.take(repository, clock)) {
            RepositoryPacks packs = repository.packs();
            RepositoryPacks.IndexFiles old = packs.indexFilesIsolated();
            Map<Hash, Long> stored = packs.storedPacks();
            Map<Hash, List<PackEntry>> indexed = PackSalvage.union(old.readable());
            List<String> actions = new ArrayList<>();
            List<String> left = new ArrayList<>();
            old.damaged().forEach((key, why) -> actions.add("index file " + key + " is damaged and is replaced: " + why));
            Map<Hash, List<PackEntry>> rebuilt = rebuild(stored, indexed, actions, left);
            indexed.forEach((pack, entries) -> {
                if (!stored.containsKey(pack)) {
                    actions.add("pack " + RepositoryPacks.packKey(pack) + " is missing: its " + entries.size()
                            + " blob(s) are no longer indexed (the next replicate stores them again from the source)");
                }
            });
            if (!dryRun && !actions.isEmpty()) {
                replace(lease, rebuilt, old);
            }
            return new RepairResult(dryRun, actions, left);
        }
    }

    /** Every stored pack's entries, from its header, or from the old index when its header cannot be read. */
    private Map<Hash, List<PackEntry>> rebuild(Map<Hash, Long> stored, Map<Hash, List<PackEntry>> indexed,
            List<String> actions, List<String> left) throws IOException {
        Map<Hash, List<PackEntry>> rebuilt = new LinkedHashMap<>();
        for (Map.Entry<Hash, Long> pack : stored.entrySet()) {
            String key = RepositoryPacks.packKey(pack.getKey());
            List<PackEntry> old = indexed.get(pack.getKey());
            try {
                List<PackEntry> header = repository.packs().readPackHeader(pack.getKey(), pack.getValue());
                rebuilt.put(pack.getKey(), header);
                if (old == null) {
                    actions.add("pack " + key + " is indexed again from its header (" + header.size() + " blobs)");
                } else if (!new HashSet<>(old).equals(new HashSet<>(header))) {
                    actions.add("pack " + key + ": the index differs from its header; the header's " + header.size()
                            + " blob(s) are indexed");
                }
            } catch (CorruptObjectException e) {
                if (old != null) {
                    rebuilt.put(pack.getKey(), old);
                    left.add(e.getMessage() + ": its " + old.size() + " index entries are kept (pilotlight repair"
                            + " packs salvages its blobs)");
                } else {
                    left.add(e.getMessage() + ": no index names it, so its blobs stay unindexed (prune removes it)");
                }
            }
        }
        return rebuilt;
    }

    /**
     * Stores the new index files, then deletes every old one that is not among them. The last file
     * stored names the old ones as superseded (format 6, §18.1): a reader that sees it has seen every
     * new file; in format 6 it is stored even when the index is now empty.
     */
    private void replace(RepairLease lease, Map<Hash, List<PackEntry>> rebuilt, RepositoryPacks.IndexFiles old)
            throws IOException {
        lease.checkAlone();
        List<Map<Hash, List<PackEntry>>> batches = new ArrayList<>();
        Map<Hash, List<PackEntry>> batch = new LinkedHashMap<>();
        int entries = 0;
        for (Map.Entry<Hash, List<PackEntry>> pack : rebuilt.entrySet()) {
            batch.put(pack.getKey(), pack.getValue());
            entries += pack.getValue().size();
            if (entries >= ENTRIES_PER_FILE) {
                batches.add(batch);
                batch = new LinkedHashMap<>();
                entries = 0;
            }
        }
        if (!batch.isEmpty() || batches.isEmpty() && repository.packs().indexNamesSupersede()) {
            batches.add(batch);
        }
        Set<String> superseded = new HashSet<>(old.readable().keySet());
        superseded.addAll(old.damaged().keySet());
        Set<String> written = new HashSet<>();
        for (int i = 0; i < batches.size(); i++) {
            written.add(i < batches.size() - 1 ? repository.packs().storeIndexFile(batches.get(i))
                    : repository.packs().storeIndexFile(batches.get(i), superseded));
        }
        superseded.removeAll(written); // format 5, content-addressed: a rebuilt file may be an old one, byte for byte
        lease.checkAlone();
        repository.packs().deleteIndexFiles(superseded);
    }
}
