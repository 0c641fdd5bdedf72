package io.pilotlight.repo;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pack holds each blob: the union of every index file read, plus what this process wrote.
 * Thread-safe. About 200 bytes of heap per blob.
 */
final class Index {
    /** A blob's place: the pack and the pack's header entry. */
    record Location(Hash pack, PackEntry entry) {}

    private final Map<Hash, Location> blobs = new ConcurrentHashMap<>();
    private final Map<Hash, Hash> packs = new ConcurrentHashMap<>();

    void addPack(Hash pack, Iterable<PackEntry> entries) {
        Hash shared = packs.computeIfAbsent(pack, p -> p);
        for (PackEntry entry : entries) {
            blobs.putIfAbsent(entry.id(), new Location(shared, entry));
        }
    }

    Optional<Location> find(Hash blob) {
        return Optional.ofNullable(blobs.get(blob));
    }

    boolean contains(Hash blob) {
        return blobs.containsKey(blob);
    }

    Set<Hash> packs() {
        return Set.copyOf(packs.keySet());
    }

    int size() {
        return blobs.size();
    }
}
