package io.pilotlight.repo.prune;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PackEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each stored pack with the blobs the index files name in it, and how many of its bytes are live:
 * what prune marks and stats counts. Built from one read of the index files and one listing of
 * {@code data/}.
 */
final class PackUsage {
    /**
     * One stored pack: its size, its indexed blobs (once each), their stored bytes and the live
     * part of them. Header and trailer count as neither.
     */
    record Pack(Hash id, long size, Map<Hash, PackEntry> blobs, long blobBytes, long liveBytes) {
        boolean indexed() {
            return !blobs.isEmpty();
        }

        /** Stored bytes of blobs no point uses; the whole pack when no index names it. */
        long unusedBytes() {
            return indexed() ? blobBytes - liveBytes : size;
        }
    }

    private final Map<Hash, Pack> packs;

    private PackUsage(Map<Hash, Pack> packs) {
        this.packs = packs;
    }

    static PackUsage of(Map<Hash, Long> stored, Map<String, Map<Hash, List<PackEntry>>> indexFiles, Set<Hash> live) {
        Map<Hash, Map<Hash, PackEntry>> blobs = new HashMap<>();
        for (Map<Hash, List<PackEntry>> file : indexFiles.values()) {
            file.forEach((pack, entries) -> {
                if (stored.containsKey(pack)) {
                    Map<Hash, PackEntry> held = blobs.computeIfAbsent(pack, p -> new HashMap<>());
                    entries.forEach(entry -> held.put(entry.id(), entry));
                }
            });
        }
        Map<Hash, Pack> packs = new LinkedHashMap<>();
        stored.forEach((id, size) -> {
            Map<Hash, PackEntry> held = blobs.getOrDefault(id, Map.of());
            long blobBytes = held.values().stream().mapToLong(PackEntry::storedLength).sum();
            long liveBytes = held.values().stream().filter(e -> live.contains(e.id()))
                    .mapToLong(PackEntry::storedLength).sum();
            packs.put(id, new Pack(id, size, held, blobBytes, liveBytes));
        });
        return new PackUsage(packs);
    }

    Map<Hash, Pack> packs() {
        return packs;
    }

    /**
     * Live blobs with a copy in a stored pack outside {@code packs}: deleting all of {@code packs}
     * leaves them readable (through an index read afresh).
     */
    Set<Hash> liveOutside(Set<Hash> excluded, Set<Hash> live) {
        Set<Hash> outside = new HashSet<>();
        for (Pack pack : packs.values()) {
            if (!excluded.contains(pack.id())) {
                pack.blobs().keySet().stream().filter(live::contains).forEach(outside::add);
            }
        }
        return outside;
    }
}
