package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository as prune sees it (docs/design.md §16): the stored packs, the index files one by
 * one, the prune plans, the live writer leases and the prune lease. Writers use only
 * {@link #plans}; everything that removes data goes through here.
 */
public final class RepositoryPacks {
    /** A pack read whole: its id, bytes and header. */
    public record PackContents(Hash id, byte[] bytes, List<PackEntry> entries) {
        /** A blob of this pack as a writer takes it, stored form unchanged. */
        public StoredBlob blob(PackEntry entry) {
            byte[] stored = java.util.Arrays.copyOfRange(bytes, entry.offset(), entry.offset() + entry.storedLength());
            return new StoredBlob(entry.type(), entry.id(), entry.compression(), stored, entry.rawLength());
        }
    }

    private final ObjectStore store;

    RepositoryPacks(ObjectStore store) {
        this.store = store;
    }

    /** Every prune plan, oldest first; a plan removed since the listing is skipped. */
    public List<PrunePlan> plans() throws IOException {
        List<PrunePlan> plans = new ArrayList<>();
        for (ObjectInfo info : store.list(RepositoryLayout.PLANS)) {
            try {
                byte[] object = store.get(info.key());
                plans.add(PrunePlan.fromJson(info.key(), Envelope.open(Envelope.Type.PLAN, info.key(), object)));
            } catch (NoSuchObjectException e) {
                continue;
            }
        }
        return plans;
    }

    public void storePlan(PrunePlan plan) throws IOException {
        store.put(RepositoryLayout.planKey(plan.id()), Envelope.seal(Envelope.Type.PLAN, plan.toJson(), false));
    }

    public void deletePlans(Collection<PrunePlan> plans) throws IOException {
        store.deleteAll(plans.stream().map(plan -> RepositoryLayout.planKey(plan.id())).toList());
    }

    /** The packs the store holds and their sizes: a listing of {@code data/}. */
    public Map<Hash, Long> storedPacks() throws IOException {
        Map<Hash, Long> packs = new LinkedHashMap<>();
        for (ObjectInfo info : store.list(RepositoryLayout.PACKS)) {
            String name = info.key().substring(info.key().lastIndexOf('/') + 1);
            if (name.matches("[0-9a-f]{64}")) {
                packs.put(Hash.fromHex(name), info.size());
            }
        }
        return packs;
    }

    /** Every index file by key, with the packs and blobs it names; a file removed since the listing is skipped. */
    public Map<String, Map<Hash, List<PackEntry>>> indexFiles() throws IOException {
        Map<String, Map<Hash, List<PackEntry>>> files = new LinkedHashMap<>();
        for (ObjectInfo info : store.list(RepositoryLayout.INDEXES)) {
            try {
                byte[] object = store.get(info.key());
                files.put(info.key(), IndexFile.decode(info.key(), Envelope.open(Envelope.Type.INDEX, info.key(), object)));
            } catch (NoSuchObjectException e) {
                continue;
            }
        }
        return files;
    }

    /**
     * Stores one index file holding {@code kept} (if any), then removes {@code superseded}: the
     * first half of completing a plan (§16.3 step 3). Returns the requests made.
     */
    public int replaceIndexFiles(Map<Hash, List<PackEntry>> kept, Collection<String> superseded) throws IOException {
        int requests = 0;
        if (!kept.isEmpty()) {
            byte[] payload = IndexFile.encode(kept);
            store.put(RepositoryLayout.indexKey(payload), Envelope.seal(Envelope.Type.INDEX, payload, true));
            requests++;
        }
        List<String> keys = List.copyOf(superseded);
        store.deleteAll(keys);
        return requests + (keys.size() + 999) / 1000;
    }

    /** Deletes packs, in batches of up to 1,000 keys per request where the store allows. */
    public void deletePacks(Collection<Hash> packs) throws IOException {
        store.deleteAll(packs.stream().map(RepositoryLayout::packKey).toList());
    }

    /** Reads a whole pack and checks its header. */
    public PackContents readPack(Hash pack) throws IOException {
        String key = RepositoryLayout.packKey(pack);
        byte[] bytes = store.get(key);
        return new PackContents(pack, bytes, Pack.readHeader(key, bytes));
    }

    /**
     * When each live writer lease (disk or group, not prune's) was acquired: a lease that is not
     * stale at {@code now}. A lease that cannot be read counts as acquired at the epoch (it holds
     * every deletion back until it is gone or readable).
     */
    public List<Instant> writerLeases(Instant now) throws IOException {
        List<Instant> acquired = new ArrayList<>();
        for (ObjectInfo info : store.list(RepositoryLayout.LOCKS)) {
            if (info.key().equals(RepositoryLayout.PRUNE_LOCK)) {
                continue;
            }
            Optional<Lease.Holder> holder = readLease(info.key());
            if (holder.isPresent() && !holder.get().stale(now, Lease.host())) {
                acquired.add(Instant.parse(holder.get().acquired()));
            }
        }
        return acquired;
    }

    private Optional<Lease.Holder> readLease(String key) throws IOException {
        try {
            return Optional.of(Lease.decode(key, store.get(key)));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (CorruptObjectException e) {
            return Optional.of(new Lease.Holder("unreadable", "unreadable", -1, Instant.EPOCH.toString(),
                    Instant.MAX.toString()));
        }
    }

    /** Takes {@code locks/_prune}; a held one fails with {@link RepositoryException.Kind#LOCKED} naming the holder. */
    public Lease pruneLease() throws IOException {
        return Lease.acquire(store, RepositoryLayout.PRUNE_LOCK, "the repository");
    }
}
