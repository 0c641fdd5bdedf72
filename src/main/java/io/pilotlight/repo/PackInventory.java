package io.pilotlight.repo;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/** The packs the index files name and the blobs in each, as {@code verify} needs them. */
public final class PackInventory {
    private final ObjectStore store;
    private final Map<Hash, List<PackEntry>> packs;
    private final ContentIds ids;

    PackInventory(ObjectStore store, Map<Hash, List<PackEntry>> packs) {
        this(store, packs, ContentIds.SHA256);
    }

    private PackInventory(ObjectStore store, Map<Hash, List<PackEntry>> packs, ContentIds ids) {
        this.store = store;
        this.packs = Map.copyOf(packs);
        this.ids = ids;
    }

    /** The same packs, checked against ids made by {@code ids} (an encrypted repository's keyed ids). */
    PackInventory checkedWith(ContentIds ids) {
        return new PackInventory(store, packs, ids);
    }

    /** Each pack's key and its size as the index implies (where its last blob ends). */
    public Map<String, Long> sizes() {
        Map<String, Long> sizes = new TreeMap<>();
        packs.forEach((pack, entries) -> sizes.put(RepositoryLayout.packKey(pack),
                entries.stream().mapToLong(e -> (long) e.offset() + e.storedLength()).max().orElse(0)));
        return sizes;
    }

    /**
     * Reads every pack whole and checks it: its SHA-256, its header against the index, and every
     * blob against its id. Returns what is wrong; {@code progress} gets each pack's size.
     */
    public List<BlobFault> check(LongConsumer progress) throws IOException {
        List<BlobFault> faults = new ArrayList<>();
        for (Map.Entry<Hash, List<PackEntry>> pack : packs.entrySet()) {
            faults.addAll(PackCheck.check(store, RepositoryLayout.packKey(pack.getKey()), pack.getKey(), pack.getValue(),
                    ids, progress));
        }
        return faults;
    }
}
