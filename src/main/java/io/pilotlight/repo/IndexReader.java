package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The index files ({@code index/<indexid>}) as one in-memory {@link Index}: read once, on first
 * use, and read again for the files written since when a blob is not found (a long-lived reader,
 * such as {@code follow --watch}, meets points committed after it opened the repository). Read
 * again from scratch when a pack it names is gone (prune repacked it, docs/design.md §16.4) or,
 * for a writer, when an index file it read was removed by someone else (prune rewrote it). Also
 * the packs as {@code verify} sees them: which pack the index says holds a blob, every indexed pack
 * with its blobs, and the packs the store holds.
 */
final class IndexReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexReader.class);
    private final ObjectStore store;
    private volatile Index index = new Index();
    private final Set<String> indexFilesRead = new HashSet<>();
    /** Index files this process merged and removed: their entries are in a file it stored. */
    private final Set<String> removedHere = ConcurrentHashMap.newKeySet();
    /** Index files that failed their checks, by key, with why: their blobs count as not indexed. */
    private final Map<String, String> damaged = new ConcurrentHashMap<>();
    private volatile boolean indexLoaded;

    /** This host's copies of the index files (§15a), if it keeps any. */
    private final Optional<IndexFileCache> cache;

    IndexReader(ObjectStore store) {
        this(store, Optional.empty());
    }

    IndexReader(ObjectStore store, Optional<IndexFileCache> cache) {
        this.store = store;
        this.cache = cache;
    }

    /** The index, with every index file read (once); a blob writer adds what it stores to it. */
    Index index() throws IOException {
        loadIndex();
        return index;
    }

    private synchronized void loadIndex() throws IOException {
        if (indexLoaded) {
            return;
        }
        readNewIndexFiles();
        indexLoaded = true;
    }

    /**
     * The index for a new writer, called after the plans were read: up to date with the index
     * files, and read afresh if one it read was removed by another process (a prune completed a
     * plan, so the index may name packs that are gone).
     */
    synchronized Index forWriter() throws IOException {
        if (!indexLoaded) {
            return index();
        }
        Set<String> listed = new HashSet<>();
        for (ObjectInfo info : store.list(RepositoryLayout.INDEXES)) {
            listed.add(info.key());
        }
        for (String key : indexFilesRead) {
            if (!listed.contains(key) && !removedHere.contains(key)) {
                return reload();
            }
        }
        readNewIndexFiles();
        return index;
    }

    /** Forgets everything read and reads every index file again (a pack the index named is gone). */
    synchronized Index reload() throws IOException {
        Index fresh = new Index();
        index = fresh;
        indexFilesRead.clear();
        damaged.clear();
        readNewIndexFiles();
        indexLoaded = true;
        return fresh;
    }

    /**
     * Records an index file this process stored (its entries are in the index already), so that a
     * later writer notices when someone else removes it, as for a file it read.
     */
    synchronized void storedHere(String key) {
        indexFilesRead.add(key);
    }

    /**
     * The index files whose union holds every blob {@code index} holds: those read or stored by
     * this process, less those it merged into one it stored. Empty when {@code index} is no longer
     * the current one (the index was read afresh since, so it may hold entries of files gone).
     */
    synchronized Optional<Set<String>> filesBehind(Index index) {
        if (index != this.index) {
            return Optional.empty();
        }
        Set<String> files = new HashSet<>(indexFilesRead);
        files.removeAll(removedHere);
        return Optional.of(Set.copyOf(files));
    }

    /** Records index files this process merged into one it stored, then removed. */
    void removedHere(List<String> keys) {
        removedHere.addAll(keys);
    }

    /** Where {@code id} is stored, reading index files written since the last look before giving up. */
    Index.Location locate(Hash id) throws IOException {
        Optional<Index.Location> found = index().find(id);
        if (found.isEmpty() && readNewIndexFiles()) {
            found = index.find(id);
        }
        return found.orElseThrow(() -> new CorruptObjectException(
                "blob " + id.shortHex() + " is in no index (missing from the repository)"));
    }

    /**
     * Reads the index files written since the last look; returns whether there were any. The first
     * look of an index (none read yet) starts from this host's table when it covers only files still
     * listed (§15a), reads the files listed beside it, and writes a new table when they are many.
     */
    private synchronized boolean readNewIndexFiles() throws IOException {
        List<ObjectInfo> listed = store.list(RepositoryLayout.INDEXES);
        Set<String> keys = listed.stream().map(ObjectInfo::key).collect(java.util.stream.Collectors.toSet());
        boolean fresh = indexFilesRead.isEmpty() && index.size() == 0;
        Optional<IndexTable> table = fresh ? cache.flatMap(c -> IndexTables.usable(c.tableFile(), keys))
                : Optional.empty();
        if (table.isEmpty()) { // copies of files no longer listed are dropped when the table is (re)built
            cache.ifPresent(c -> c.retainOnly(keys));
        }
        table.ifPresent(t -> {
            index = new Index(t);
            t.forEachFile(indexFilesRead::add);
        });
        Index index = this.index;
        Map<String, Map<Hash, List<PackEntry>>> added = new java.util.LinkedHashMap<>();
        for (ObjectInfo info : listed) {
            if (!indexFilesRead.contains(info.key()) && !damaged.containsKey(info.key())) {
                Optional<Map<Hash, List<PackEntry>>> packs = readIndexFileIsolated(info.key());
                if (packs.isPresent()) {
                    packs.get().forEach(index::addPack);
                    indexFilesRead.add(info.key());
                    added.put(info.key(), packs.get());
                }
            }
        }
        if (fresh) {
            cache.ifPresent(c -> IndexTables.update(c.tableFile(), table, added));
        }
        return !added.isEmpty();
    }

    int indexedBlobCount() throws IOException {
        return index().size();
    }

    Optional<String> packKeyOf(Hash blob) throws IOException {
        return index().find(blob).map(location -> RepositoryLayout.packKey(location.pack()));
    }

    /** Every indexed pack and its blobs, read from the index files afresh, once each. */
    PackInventory packInventory() throws IOException {
        Map<Hash, List<PackEntry>> packs = new HashMap<>();
        forEachIndexedPack((pack, entries) -> packs.computeIfAbsent(pack, p -> new ArrayList<>()).addAll(entries));
        return new PackInventory(store, packs);
    }

    /** Keys of the packs the store holds: a listing of {@code data/}. */
    Set<String> storedPackKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        for (ObjectInfo info : store.list(RepositoryLayout.PACKS)) {
            keys.add(info.key());
        }
        return keys;
    }

    /**
     * Index files that failed their checks when last read, by key, with the reason: their blobs
     * count as not indexed (a replicate stores them again; {@code repair index} rebuilds the index).
     */
    Map<String, String> damagedIndexFiles() throws IOException {
        loadIndex();
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(damaged));
    }

    /** Every pack every readable index file names, with its blobs: one GET per index file. */
    private void forEachIndexedPack(BiConsumer<Hash, List<PackEntry>> action) throws IOException {
        for (ObjectInfo info : store.list(RepositoryLayout.INDEXES)) {
            readIndexFileIsolated(info.key()).ifPresent(packs -> packs.forEach(action));
        }
    }

    /**
     * The packs of one index file; empty when it is gone or damaged. A damaged one is recorded and
     * logged, never fatal: one bad index file must not stop every reader (its blobs are unindexed).
     */
    private Optional<Map<Hash, List<PackEntry>>> readIndexFileIsolated(String key) throws IOException {
        try {
            return readIndexFile(key);
        } catch (CorruptObjectException e) {
            if (damaged.put(key, e.getMessage()) == null) {
                LOG.warn("index file {} is damaged, its blobs count as not indexed (pilotlight repair index"
                        + " rebuilds it): {}", key, e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** The packs of one index file; empty when a writer merged and removed it since the listing. */
    private Optional<Map<Hash, List<PackEntry>>> readIndexFile(String key) throws IOException {
        Optional<Map<Hash, List<PackEntry>>> cached = readCachedIndexFile(key);
        if (cached.isPresent()) {
            return cached;
        }
        byte[] object;
        try {
            object = store.get(key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        Map<Hash, List<PackEntry>> packs = IndexFile.decode(key, Envelope.open(Envelope.Type.INDEX, key, object));
        cache.ifPresent(c -> c.write(key, object));
        return Optional.of(packs);
    }

    /**
     * The packs of this host's copy of index file {@code key}, checked as the store's object is and
     * against its name; empty (the copy dropped, with a warning) when it has none or it fails.
     */
    private Optional<Map<Hash, List<PackEntry>>> readCachedIndexFile(String key) {
        Optional<byte[]> object = cache.flatMap(c -> c.read(key));
        if (object.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] payload = Envelope.open(Envelope.Type.INDEX, key, object.get());
            if (!IndexNames.holds(key, ContentIds.SHA256.of(payload))) {
                throw new CorruptObjectException(key + ": the cached copy's payload does not hash to its name");
            }
            return Optional.of(IndexFile.decode(key, payload));
        } catch (CorruptObjectException | RuntimeException e) {
            LOG.warn("the cached copy of index file {} is corrupt, so it was read from the store again: {}", key,
                    e.getMessage());
            cache.get().forget(key);
            return Optional.empty();
        }
    }
}
