package io.pilotlight.repo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which pack holds each blob: the union of every index file read, plus what this process wrote.
 * An open-addressing table over flat arrays, about 70 bytes of heap per blob (a repository holding
 * 2 TiB in 1 MiB chunks needs ~150 MiB), in front of this host's memory-mapped {@link IndexTable} of
 * the index files it covers, when there is one (docs/design.md §15a): the heap then holds only what
 * was read or written beside the table. Thread-safe.
 */
final class Index {
    /** A blob's place: the pack and the pack's header entry. */
    record Location(Hash pack, PackEntry entry) {}

    private static final int EMPTY = -1;

    private final List<Hash> packs = new ArrayList<>();
    private final Map<Hash, Integer> packOrdinals = new HashMap<>();
    private byte[] ids;
    private int[] pack;
    private int[] offset;
    private int[] stored;
    private int[] raw;
    private byte[] kind;
    private int size;
    /** This host's table of the index files read before the in-memory entries, or null. */
    private final IndexTable base;
    /** Entries the in-memory table holds that the base holds too (replaced): counted once. */
    private int shadowed;

    Index() {
        this(null);
    }

    Index(IndexTable base) {
        this.base = base;
        allocate(1024);
    }

    private void allocate(int capacity) {
        ids = new byte[capacity * Hash.LENGTH];
        pack = new int[capacity];
        java.util.Arrays.fill(pack, EMPTY);
        offset = new int[capacity];
        stored = new int[capacity];
        raw = new int[capacity];
        kind = new byte[capacity];
    }

    synchronized void addPack(Hash packId, Iterable<PackEntry> entries) {
        addPack(packId, entries, false);
    }

    /**
     * Adds a pack's blobs; a blob already indexed keeps its first pack unless {@code replace} (a
     * writer that stored a blob again because its indexed copy is in a planned pack, §16.2).
     */
    synchronized void addPack(Hash packId, Iterable<PackEntry> entries, boolean replace) {
        Integer ordinal = packOrdinals.get(packId);
        if (ordinal == null) {
            ordinal = packs.size();
            packs.add(packId);
            packOrdinals.put(packId, ordinal);
        }
        for (PackEntry entry : entries) {
            if ((size + 1) * 10L > pack.length * 7L) {
                grow();
            }
            int slot = slot(entry.id());
            if (pack[slot] == EMPTY && (replace || base == null || !base.contains(entry.id()))) {
                put(slot, ordinal, entry);
                size++;
                shadowed += base != null && replace && base.contains(entry.id()) ? 1 : 0;
            } else if (replace) {
                put(slot, ordinal, entry);
            }
        }
    }

    private void put(int slot, int ordinal, PackEntry entry) {
        entry.id().copyTo(ids, slot * Hash.LENGTH);
        pack[slot] = ordinal;
        offset[slot] = entry.offset();
        stored[slot] = entry.storedLength();
        raw[slot] = entry.rawLength();
        kind[slot] = (byte) (entry.type().code << 4 | entry.compression());
    }

    private void grow() {
        byte[] oldIds = ids;
        int[] oldPack = pack;
        int[] oldOffset = offset;
        int[] oldStored = stored;
        int[] oldRaw = raw;
        byte[] oldKind = kind;
        allocate(oldPack.length * 2);
        for (int i = 0; i < oldPack.length; i++) {
            if (oldPack[i] != EMPTY) {
                Hash id = Hash.fromBytes(oldIds, i * Hash.LENGTH);
                int slot = slot(id);
                System.arraycopy(oldIds, i * Hash.LENGTH, ids, slot * Hash.LENGTH, Hash.LENGTH);
                pack[slot] = oldPack[i];
                offset[slot] = oldOffset[i];
                stored[slot] = oldStored[i];
                raw[slot] = oldRaw[i];
                kind[slot] = oldKind[i];
            }
        }
    }

    /** The slot holding {@code id}, or the empty slot where it would go (linear probing). */
    private int slot(Hash id) {
        int mask = pack.length - 1;
        int slot = (int) id.prefix() & mask;
        while (pack[slot] != EMPTY && !id.equalsAt(ids, slot * Hash.LENGTH)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    synchronized Optional<Location> find(Hash blob) {
        int slot = slot(blob);
        if (pack[slot] == EMPTY) {
            return base == null ? Optional.empty() : base.find(blob);
        }
        PackEntry entry = new PackEntry(blob, BlobType.of(kind[slot] >> 4), kind[slot] & 0xf, offset[slot],
                stored[slot], raw[slot]);
        return Optional.of(new Location(packs.get(pack[slot]), entry));
    }

    /** The pack the index names for {@code blob}, or null. */
    synchronized Hash packOf(Hash blob) {
        int slot = slot(blob);
        if (pack[slot] == EMPTY) {
            return base == null ? null : base.find(blob).map(Location::pack).orElse(null);
        }
        return packs.get(pack[slot]);
    }

    synchronized boolean contains(Hash blob) {
        return pack[slot(blob)] != EMPTY || base != null && base.contains(blob);
    }

    /** The packs the in-memory entries name (not those only the base table names). */
    synchronized Set<Hash> packs() {
        return Set.copyOf(packs);
    }

    /** How many blobs are indexed: the base table's and the in-memory ones beside it. */
    synchronized int size() {
        return size - shadowed + (base == null ? 0 : base.entryCount());
    }

    /** The table this index stands in front of, if any. */
    Optional<IndexTable> base() {
        return Optional.ofNullable(base);
    }
}
