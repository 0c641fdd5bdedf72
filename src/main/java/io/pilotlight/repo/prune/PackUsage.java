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
        return of(stored, indexFiles, live, Set.of());
    }

    /** The same, where a copy in a pack of {@code leaving} (planned to go) counts as live only if no other does. */
    static PackUsage of(Map<Hash, Long> stored, Map<String, Map<Hash, List<PackEntry>>> indexFiles, Set<Hash> live,
            Set<Hash> leaving) {
        Map<Hash, Map<Hash, PackEntry>> blobs = new HashMap<>();
        for (Map<Hash, List<PackEntry>> file : indexFiles.values()) {
            file.forEach((pack, entries) -> {
                if (stored.containsKey(pack)) {
                    Map<Hash, PackEntry> held = blobs.computeIfAbsent(pack, p -> new HashMap<>());
                    entries.forEach(entry -> held.put(entry.id(), entry));
                }
            });
        }
        Map<Hash, Hash> holders = holders(blobs, live, leaving);
        Map<Hash, Pack> packs = new LinkedHashMap<>();
        stored.forEach((id, size) -> {
            Map<Hash, PackEntry> held = blobs.getOrDefault(id, Map.of());
            long blobBytes = held.values().stream().mapToLong(PackEntry::storedLength).sum();
            long liveBytes = held.values().stream().filter(e -> id.equals(holders.get(e.id())))
                    .mapToLong(PackEntry::storedLength).sum();
            packs.put(id, new Pack(id, size, held, blobBytes, liveBytes));
        });
        return new PackUsage(packs);
    }

    /**
     * For each live blob, the one pack whose copy counts as live: a pack not leaving, then the one
     * with the largest live share of its bytes, then the lowest id; so the copies an interrupted
     * repack left in a dense new pack keep the blob and the sparse old pack's copy counts as unused
     * (§16.6), and a copy in a planned pack never makes a staying copy look unused.
     */
    private static Map<Hash, Hash> holders(Map<Hash, Map<Hash, PackEntry>> blobs, Set<Hash> live, Set<Hash> leaving) {
        Map<Hash, Double> density = new HashMap<>();
        blobs.forEach((pack, held) -> {
            long total = held.values().stream().mapToLong(PackEntry::storedLength).sum();
            long liveBytes = held.values().stream().filter(e -> live.contains(e.id()))
                    .mapToLong(PackEntry::storedLength).sum();
            density.put(pack, total == 0 ? 0 : (double) liveBytes / total);
        });
        Map<Hash, Hash> holders = new HashMap<>();
        blobs.forEach((pack, held) -> held.keySet().stream().filter(live::contains).forEach(blob ->
                holders.merge(blob, pack, (current, candidate) -> better(candidate, current, density, leaving)
                        ? candidate : current)));
        return holders;
    }

    private static boolean better(Hash candidate, Hash current, Map<Hash, Double> density, Set<Hash> leaving) {
        if (leaving.contains(candidate) != leaving.contains(current)) {
            return leaving.contains(current);
        }
        int byDensity = Double.compare(density.get(candidate), density.get(current));
        return byDensity > 0 || byDensity == 0 && candidate.compareTo(current) < 0;
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
