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
import java.util.Set;

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

    /** The index files as a repair reads them: the readable ones by key, and the damaged ones by key, with why. */
    public record IndexFiles(Map<String, Map<Hash, List<PackEntry>>> readable, Map<String, String> damaged) {
        public IndexFiles {
            readable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(readable));
            damaged = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(damaged));
        }
    }

    private final ObjectStore store;

    private final ContentIds ids;
    private final IndexFileWriter writer;
    /** What each index file read here superseded itself (version 2 payloads): carried by its replacement (§5). */
    private final Map<String, List<IndexFile.Superseded>> superseded = new java.util.concurrent.ConcurrentHashMap<>();

    RepositoryPacks(ObjectStore store, ContentIds ids, IndexFileWriter writer) {
        this.ids = ids;
        this.store = store;
        this.writer = writer;
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
                files.put(info.key(), read(info.key()));
            } catch (NoSuchObjectException e) {
                continue;
            }
        }
        return files;
    }

    /** Every index file, read one by one: a damaged one is named, never fatal (for repair). */
    public IndexFiles indexFilesIsolated() throws IOException {
        Map<String, Map<Hash, List<PackEntry>>> readable = new LinkedHashMap<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        for (ObjectInfo info : store.list(RepositoryLayout.INDEXES)) {
            try {
                readable.put(info.key(), read(info.key()));
            } catch (NoSuchObjectException e) {
                continue;
            } catch (CorruptObjectException e) {
                damaged.put(info.key(), e.getMessage());
            }
        }
        return new IndexFiles(readable, damaged);
    }

    /** The packs of index file {@code key}; what it supersedes is remembered for its replacement. */
    private Map<Hash, List<PackEntry>> read(String key) throws IOException {
        byte[] object = store.get(key);
        IndexFile.Contents contents = IndexFile.decodeContents(key, Envelope.open(Envelope.Type.INDEX, key, object));
        superseded.put(key, contents.superseded());
        return contents.packs();
    }

    /** Stores one index file holding {@code packs}; returns its key. */
    public String storeIndexFile(Map<Hash, List<PackEntry>> packs) throws IOException {
        return writer.store(packs).key();
    }

    /**
     * Stores one index file holding {@code packs} that supersedes {@code replaced} (format 6: named in
     * its payload with what they superseded, §5); returns its key. The caller deletes them after.
     */
    public String storeIndexFile(Map<Hash, List<PackEntry>> packs, Collection<String> replaced) throws IOException {
        Map<String, List<IndexFile.Superseded>> names = new LinkedHashMap<>();
        replaced.forEach(key -> names.put(key, superseded.getOrDefault(key, List.of())));
        return writer.store(packs, names).key();
    }

    /**
     * The index files of {@code keys} that another of them supersedes (as read here): left by a
     * process killed between storing their replacement and deleting them (§16.6); their entries that
     * still count are in the replacement.
     */
    public Set<String> supersededAmong(Collection<String> keys) {
        Set<String> present = new java.util.HashSet<>(keys);
        Set<String> left = new java.util.TreeSet<>();
        for (String key : keys) {
            superseded.getOrDefault(key, List.of()).forEach(s -> {
                if (present.contains(s.key()) && !s.key().equals(key)) {
                    left.add(s.key());
                }
            });
        }
        return left;
    }

    /** Whether {@code key} is an old hex name that a format 6 prune rewrites into a time-named file (§16.3). */
    public boolean hexNameToRewrite(String key) {
        return writer.timed() && IndexNames.parse(key).map(name -> !name.timed()).orElse(false);
    }

    /** Whether index files are time-named and name what they supersede (format 6): one is stored even when empty. */
    public boolean indexNamesSupersede() {
        return writer.timed();
    }

    /** Deletes index files by key. */
    public void deleteIndexFiles(Collection<String> keys) throws IOException {
        store.deleteAll(List.copyOf(keys));
    }

    /**
     * The header of a stored pack of {@code size} bytes, read with two ranged GETs (trailer, then
     * header) and checked against the trailer's hash; fails with {@link CorruptObjectException}
     * when the pack is truncated or its header damaged.
     */
    public List<PackEntry> readPackHeader(Hash pack, long size) throws IOException {
        String key = RepositoryLayout.packKey(pack);
        if (size < Pack.TRAILER) {
            throw new CorruptObjectException("pack " + key + ": truncated (" + size + " bytes)");
        }
        byte[] trailer = store.get(key, size - Pack.TRAILER, Pack.TRAILER);
        int headerLength = Pack.headerLength(key, trailer, size);
        long headerStart = size - Pack.TRAILER - headerLength;
        byte[] header = store.get(key, headerStart, headerLength);
        return Pack.decodeHeader(key, header, trailer, Math.toIntExact(headerStart));
    }

    /** A whole stored pack's bytes, unchecked (for a repair that salvages what it can). */
    public byte[] readPackBytes(Hash pack) throws IOException {
        return store.get(RepositoryLayout.packKey(pack));
    }

    /**
     * The blob {@code entry} names in {@code bytes} (a pack read whole), if it is there, decodes and
     * hashes to its id; else why not.
     */
    public StoredBlob salvage(Hash pack, byte[] bytes, PackEntry entry)
            throws CorruptObjectException {
        String where = "blob " + entry.id().shortHex() + " at offset " + entry.offset() + " of pack "
                + RepositoryLayout.packKey(pack);
        if ((long) entry.offset() + entry.storedLength() > bytes.length) {
            throw new CorruptObjectException(where + ": past the end of the pack (" + bytes.length + " bytes)");
        }
        byte[] stored = java.util.Arrays.copyOfRange(bytes, entry.offset(), entry.offset() + entry.storedLength());
        Pack.decodeBlob(where, entry, stored, ids);
        return new StoredBlob(entry.type(), entry.id(), entry.compression(), stored, entry.rawLength());
    }

    public static String packKey(Hash pack) {
        return RepositoryLayout.packKey(pack);
    }

    /**
     * Stores one index file holding {@code kept} (if any; in format 6 always, naming {@code superseded}),
     * then removes {@code superseded}: the first half of completing a plan (§16.3 step 3). Returns the
     * requests made.
     */
    public int replaceIndexFiles(Map<Hash, List<PackEntry>> kept, Collection<String> superseded) throws IOException {
        int requests = 0;
        if (!kept.isEmpty() || writer.timed()) { // format 6: an empty file still says what is gone
            storeIndexFile(kept, superseded);
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
