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
    /** Where the next look at {@code index/} may start its listing (§15a). */
    private final IndexCursor cursor = new IndexCursor();
    private final java.time.Clock clock;

    /** How index files are named by their payload (keyed in an encrypted repository): the check on read. */
    private final ContentIds ids;

    IndexReader(ObjectStore store) {
        this(store, Optional.empty(), java.time.Clock.systemUTC(), ContentIds.SHA256);
    }

    IndexReader(ObjectStore store, Optional<IndexFileCache> cache, java.time.Clock clock, ContentIds ids) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.ids = ids;
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
        readNewIndexFiles();
        return index;
    }

    /** Forgets everything read and reads every index file again (a pack the index named is gone). */
    synchronized Index reload() throws IOException {
        index = new Index();
        indexFilesRead.clear();
        damaged.clear();
        cursor.clear();
        readNewIndexFiles();
        indexLoaded = true;
        return index;
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
        if (found.isEmpty() && readNewIndexFiles(true)) {
            found = index.find(id);
        }
        return found.orElseThrow(() -> new CorruptObjectException(
                "blob " + id.shortHex() + " is in no index (missing from the repository)"));
    }

    /**
     * Reads the index files written since the last look; returns whether there were any. The first
     * look of an index (none read yet) starts from this host's table when it is current (§15a), reads
     * the files listed beside it, and writes a new table when they are many. A look lists from the
     * cursor when it may ({@link IndexCursor}), else all; a file it reads that supersedes one read
     * before (prune or repair replaced it) means the index is read afresh.
     */
    private synchronized boolean readNewIndexFiles() throws IOException {
        return readNewIndexFiles(false);
    }

    /** As {@link #readNewIndexFiles()}; a later look lists all of {@code index/} when {@code full} (a blob missed). */
    private synchronized boolean readNewIndexFiles(boolean full) throws IOException {
        if (indexFilesRead.isEmpty() && index.size() == 0) {
            Optional<IndexTable> table = cache.flatMap(c -> IndexTables.open(c.tableFile()));
            if (table.isPresent()) {
                Optional<Boolean> added = lookFrom(table.get());
                if (added.isPresent()) {
                    return added.get();
                }
                index = new Index();
                indexFilesRead.clear();
                cursor.clear();
            }
            return look(true, true);
        }
        return look(false, full);
    }

    /** A look starting from {@code table}; empty when the table is not current (then nothing was changed). */
    private Optional<Boolean> lookFrom(IndexTable table) throws IOException {
        cursor.clear();
        table.forEachFile(cursor::add);
        cursor.listed(cache.get().listedAt(table.bodyCrc()));
        java.time.Instant start = clock.instant();
        Optional<String> after = cursor.startAfter(start);
        List<ObjectInfo> listed = list(after);
        Set<String> keys = keys(listed);
        if (after.isEmpty() && !IndexTables.coversOnly(table, keys)) {
            LOG.info("this host's index table covers index files the repository no longer holds (a prune or"
                    + " repair replaced them), so it is rebuilt from the index files");
            return Optional.empty();
        }
        Map<String, IndexFile.Contents> read = readUnread(listed, table::covers);
        Set<String> superseded = superseded(read);
        if (superseded.stream().anyMatch(table::covers)) {
            LOG.info("index files this host's table covers were superseded (a prune or repair replaced them),"
                    + " so it is rebuilt from the index files");
            return Optional.empty();
        }
        if (after.isEmpty()) {
            cache.get().retainOnly(keys);
        }
        superseded.forEach(cache.get()::forget);
        index = new Index(table);
        table.forEachFile(indexFilesRead::add);
        Map<String, Map<Hash, List<PackEntry>>> added = add(read, superseded);
        int crc = IndexTables.update(cache.get().tableFile(), Optional.of(table), added).orElse(table.bodyCrc());
        cache.get().listed(crc, start);
        cursor.listed(Optional.of(start));
        return Optional.of(!added.isEmpty());
    }

    /** A look without a table: from the cursor when it may (a later look), and a new table after a first one. */
    private boolean look(boolean first, boolean full) throws IOException {
        java.time.Instant start = clock.instant();
        Optional<String> after = full ? Optional.empty() : cursor.startAfter(start);
        List<ObjectInfo> listed = list(after);
        Set<String> keys = keys(listed);
        Map<String, IndexFile.Contents> read = readUnread(listed, indexFilesRead::contains);
        Set<String> superseded = superseded(read);
        boolean gone = !first && indexFilesRead.stream().filter(key -> !removedHere.contains(key))
                .anyMatch(key -> superseded.contains(key) || after.isEmpty() && !keys.contains(key));
        if (gone) { // another process removed a file read here: the index may name packs that are gone
            reload();
            return true;
        }
        if (first) {
            cache.ifPresent(c -> c.retainOnly(keys));
        }
        Map<String, Map<Hash, List<PackEntry>>> added = add(read, superseded);
        cursor.listed(Optional.of(start));
        if (first) {
            cache.ifPresent(c -> IndexTables.update(c.tableFile(), Optional.empty(), added)
                    .ifPresent(crc -> c.listed(crc, start)));
        }
        return !added.isEmpty();
    }

    private List<ObjectInfo> list(Optional<String> after) throws IOException {
        return after.isPresent() ? store.list(RepositoryLayout.INDEXES, after.get()) : store.list(RepositoryLayout.INDEXES);
    }

    private static Set<String> keys(List<ObjectInfo> listed) {
        return listed.stream().map(ObjectInfo::key).collect(java.util.stream.Collectors.toSet());
    }

    /** The listed files not read yet ({@code known}) nor damaged, read: a file gone since the listing is skipped. */
    private Map<String, IndexFile.Contents> readUnread(List<ObjectInfo> listed,
            java.util.function.Predicate<String> known) throws IOException {
        Map<String, IndexFile.Contents> read = new java.util.LinkedHashMap<>();
        for (ObjectInfo info : listed) {
            if (IndexNames.parse(info.key()).isEmpty()) {
                noteDamaged(info.key(), info.key() + " is no index file name (index/<id> or index/t<UTC time>-<id>)");
            } else if (!known.test(info.key()) && !damaged.containsKey(info.key())) {
                readIndexFileIsolated(info.key()).ifPresent(contents -> read.put(info.key(), contents));
            }
        }
        return read;
    }

    private static Set<String> superseded(Map<String, IndexFile.Contents> read) {
        Set<String> superseded = new HashSet<>();
        read.values().forEach(contents -> contents.superseded().forEach(s -> superseded.add(s.key())));
        return superseded;
    }

    /**
     * Adds the files of {@code read} that no file read supersedes (a replacement stored before a
     * removal that has not happened yet: its entries are in the replacement) to the index.
     */
    private Map<String, Map<Hash, List<PackEntry>>> add(Map<String, IndexFile.Contents> read, Set<String> superseded) {
        Map<String, Map<Hash, List<PackEntry>>> added = new java.util.LinkedHashMap<>();
        Index index = this.index;
        read.forEach((key, contents) -> {
            if (!superseded.contains(key)) {
                contents.packs().forEach(index::addPack);
                indexFilesRead.add(key);
                cursor.add(key);
                added.put(key, contents.packs());
            }
        });
        return added;
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
            readIndexFileIsolated(info.key()).ifPresent(contents -> contents.packs().forEach(action));
        }
    }

    /**
     * The packs of one index file; empty when it is gone or damaged. A damaged one is recorded and
     * logged, never fatal: one bad index file must not stop every reader (its blobs are unindexed).
     */
    private Optional<IndexFile.Contents> readIndexFileIsolated(String key) throws IOException {
        try {
            return readIndexFile(key);
        } catch (CorruptObjectException e) {
            noteDamaged(key, e.getMessage());
            return Optional.empty();
        }
    }

    private void noteDamaged(String key, String why) {
        if (damaged.put(key, why) == null) {
            LOG.warn("index file {} is damaged, its blobs count as not indexed (pilotlight repair index"
                    + " rebuilds it): {}", key, why);
        }
    }

    /** The contents of one index file; empty when a writer merged and removed it since the listing. */
    private Optional<IndexFile.Contents> readIndexFile(String key) throws IOException {
        Optional<IndexFile.Contents> cached = readCachedIndexFile(key);
        if (cached.isPresent()) {
            return cached;
        }
        byte[] object;
        try {
            object = store.get(key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        byte[] payload = Envelope.open(Envelope.Type.INDEX, key, object);
        if (!IndexNames.holds(key, ids.of(payload))) {
            throw new CorruptObjectException(key + ": its payload's id is not the one its name holds");
        }
        IndexFile.Contents contents = IndexFile.decodeContents(key, payload);
        cache.ifPresent(c -> c.write(key, object));
        return Optional.of(contents);
    }

    /**
     * The packs of this host's copy of index file {@code key}, checked as the store's object is and
     * against its name; empty (the copy dropped, with a warning) when it has none or it fails.
     */
    private Optional<IndexFile.Contents> readCachedIndexFile(String key) {
        Optional<byte[]> object = cache.flatMap(c -> c.read(key));
        if (object.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] payload = Envelope.open(Envelope.Type.INDEX, key, object.get());
            if (!IndexNames.holds(key, ContentIds.SHA256.of(payload))) {
                throw new CorruptObjectException(key + ": the cached copy's payload does not hash to its name");
            }
            return Optional.of(IndexFile.decodeContents(key, payload));
        } catch (CorruptObjectException | RuntimeException e) {
            LOG.warn("the cached copy of index file {} is corrupt, so it was read from the store again: {}", key,
                    e.getMessage());
            cache.get().forget(key);
            return Optional.empty();
        }
    }
}
