package io.pilotlight.repo;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs new blobs and stores them: each pack is uploaded, then an index checkpoint naming its
 * blobs, so an interrupted run's packs are reused by the next. {@link #finish} waits for every
 * upload and merges the checkpoints into one index file. The only writer of packs and indexes.
 */
public final class BlobWriter implements AutoCloseable {
    /** What a writer stored. */
    public record Result(int packs, long packBytes, long indexBytes, int blobs) {}

    /** The longest {@link #close} waits for running uploads. */
    static final Duration UPLOADS_END = Duration.ofMinutes(10);
    /** The longest {@link #close} waits for running uploads once one has failed. */
    static final Duration AFTER_A_FAILURE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BlobWriter.class);
    /** Room past the pack target in the pack buffer: the blob that crosses the target (a ~1 MiB chunk). */
    private static final int PACK_SLACK = 2 << 20;

    private final ObjectStore store;
    private final ContentIds ids;
    private final IndexFileWriter indexWriter;
    private final IndexReader indexes;
    private final Index index;
    /** Packs in prune plans: a blob indexed only there counts as not stored (§16.2). */
    private final Set<Hash> planned;
    private final int packTarget;
    private final int uploads;
    private final ExecutorService uploader;
    private final Semaphore slots;
    private final Set<Hash> pending = ConcurrentHashMap.newKeySet();
    private final Map<Hash, List<PackEntry>> written = new LinkedHashMap<>();
    private final List<String> checkpoints = new ArrayList<>();
    private final AtomicLong packBytes = new AtomicLong();
    private final AtomicLong indexBytes = new AtomicLong();
    private volatile IOException failure;
    private volatile boolean finished;
    private Pack.Builder current;
    private int blobs;

    BlobWriter(ObjectStore store, IndexReader indexes, Set<Hash> planned, int packTarget, int uploads)
            throws IOException {
        this(store, indexes, planned, packTarget, uploads, ContentIds.SHA256,
                new IndexFileWriter(store, ContentIds.SHA256, () -> false, java.time.Clock.systemUTC()));
    }

    BlobWriter(ObjectStore store, IndexReader indexes, Set<Hash> planned, int packTarget, int uploads,
            ContentIds ids, IndexFileWriter indexWriter) throws IOException {
        this.ids = ids;
        this.indexWriter = indexWriter;
        this.store = store;
        this.indexes = indexes;
        this.index = indexes.forWriter();
        this.planned = Set.copyOf(planned);
        this.packTarget = packTarget;
        this.uploads = uploads;
        this.uploader = Executors.newFixedThreadPool(uploads, r -> {
            Thread thread = new Thread(r, "pack-upload");
            thread.setDaemon(true);
            return thread;
        });
        this.slots = new Semaphore(uploads);
        this.current = new Pack.Builder((int) Math.min((long) packTarget + PACK_SLACK, Compression.MAX_RAW));
    }

    /** Whether a blob with this id is already stored or on its way. */
    /** The content id of {@code length} bytes of {@code data} in this repository (keyed when it is encrypted). */
    public Hash idOf(byte[] data, int offset, int length) {
        return ids.of(data, offset, length);
    }

    public boolean known(Hash id) {
        if (pending.contains(id)) {
            return true;
        }
        if (planned.isEmpty()) {
            return index.contains(id);
        }
        Hash pack = index.packOf(id);
        return pack != null && !planned.contains(pack);
    }

    /**
     * Whether a point may name this blob: the index this writer loaded holds it (in any pack, planned
     * or not: prune keeps a planned pack whose blobs a new point names), or it is on its way. A blob
     * the index does not hold (its index file deleted or damaged, or {@code repair packs} took it out
     * of use) must be stored again before a point names it.
     */
    public boolean indexed(Hash id) {
        return pending.contains(id) || index.contains(id);
    }

    /**
     * The index files whose union holds every blob {@link #indexed} says yes to, once {@link
     * #finish} has returned (a point committed after it names only blobs in them). Empty when that
     * cannot be said: the repository's index was read afresh while this writer ran.
     */
    public Optional<Set<String>> indexFiles() {
        return pending.isEmpty() || finished ? indexes.filesBehind(index) : Optional.empty();
    }

    /**
     * Adds a blob unless it is known; returns whether it was added. Its stored bytes are copied before
     * this returns: the caller may reuse the buffer the blob is a view of. Single caller thread.
     */
    public boolean add(StoredBlob blob) throws IOException {
        checkFailure();
        if (known(blob.id())) {
            return false;
        }
        pending.add(blob.id());
        current.add(blob.id(), blob.type(), blob.compression(), blob.bytes(), blob.offset(), blob.storedLength(),
                blob.rawLength());
        blobs++;
        if (current.size() >= packTarget) {
            flushPack();
        }
        return true;
    }

    private void flushPack() throws IOException {
        if (current.isEmpty()) {
            return;
        }
        byte[] pack = current.finish();
        Hash packId = planned.isEmpty() ? null : ids.of(pack); // else hashed by the uploading thread
        if (packId != null && planned.contains(packId)) {
            // The same blobs in the same order make the same pack: one a prune has planned to delete.
            // A blob of random bytes makes this one another (docs/design.md §16.2).
            byte[] nonce = new byte[16];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
            current.add(ids.of(nonce), BlobType.DATA, Compression.NONE, nonce, nonce.length);
            pack = current.finish();
            packId = ids.of(pack);
        }
        List<PackEntry> entries = current.entries();
        current.reset();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to upload a pack");
        }
        checkFailureReleasing();
        byte[] finished = pack;
        Hash finishedId = packId;
        uploader.execute(() -> {
            try {
                upload(finishedId, finished, entries);
            } catch (IOException | RuntimeException e) {
                failure = failure != null ? failure
                        : e instanceof IOException io ? io : new IOException("pack upload failed: " + e, e);
            } finally {
                slots.release();
            }
        });
    }

    private void upload(Hash knownId, byte[] pack, List<PackEntry> entries) throws IOException {
        Hash packId = knownId != null ? knownId : ids.of(pack);
        store.put(RepositoryLayout.packKey(packId), pack);
        String key = indexWriter.store(Map.of(packId, entries)).key();
        index.addPack(packId, entries, true);
        indexes.storedHere(key);
        packBytes.addAndGet(pack.length);
        synchronized (this) {
            written.put(packId, entries);
            checkpoints.add(key);
        }
        entries.forEach(e -> pending.remove(e.id()));
    }

    /**
     * Stores the last pack, waits for every upload, and merges this run's index checkpoints into
     * one index file. After it returns, every blob added is durable and indexed.
     */
    public Result finish() throws IOException {
        flushPack();
        try {
            slots.acquire(uploads);
            slots.release(uploads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for uploads");
        }
        checkFailure();
        List<String> merged;
        synchronized (this) {
            merged = List.copyOf(checkpoints);
            if (merged.size() > 1) {
                Map<String, List<IndexFile.Superseded>> replaced = new java.util.LinkedHashMap<>();
                merged.forEach(key -> replaced.put(key, List.of())); // checkpoints supersede nothing
                IndexFileWriter.Stored stored = indexWriter.store(written, replaced);
                indexes.storedHere(stored.key());
                indexBytes.addAndGet(stored.bytes());
                indexes.removedHere(merged);
                for (String key : merged) {
                    store.delete(key);
                }
            }
        }
        finished = true;
        return new Result(written.size(), packBytes.get(), indexBytes.get(), blobs);
    }

    private void checkFailure() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("storing packs in " + store.location() + " failed: " + e.getMessage(), e);
        }
    }

    private void checkFailureReleasing() throws IOException {
        if (failure != null) {
            slots.release();
            checkFailure();
        }
    }

    /**
     * Stops uploading; what is stored stays, indexed, for the next run to reuse. Waits for the
     * uploads still running, at most {@link #UPLOADS_END}; once one of them has failed, at most
     * {@link #AFTER_A_FAILURE} more: the store is failing, and an upload on a connection the lost
     * server left open can block in a socket write for good (no socket timeout covers writes). Those
     * are abandoned, interrupted: a pack one still stores without its checkpoint is an unindexed
     * pack, as after a kill (docs/design.md §12); no point names it.
     */
    @Override
    public void close() {
        uploader.shutdown();
        long start = System.nanoTime();
        long failedAt = 0;
        try {
            while (!uploader.awaitTermination(50, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (failure != null && failedAt == 0) {
                    failedAt = now;
                }
                boolean gaveUp = failedAt != 0 ? now - failedAt >= AFTER_A_FAILURE.toNanos()
                        : now - start >= UPLOADS_END.toNanos();
                if (gaveUp) {
                    abandon(failedAt != 0);
                    return;
                }
            }
        } catch (InterruptedException e) {
            uploader.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void abandon(boolean afterFailure) {
        int running = uploads - slots.availablePermits();
        uploader.shutdownNow();
        LOG.warn("not waiting for {} pack upload(s) to {} still running {}; a pack stored without its index"
                + " checkpoint is left unindexed for prune to remove", running, store.location(), afterFailure
                        ? AFTER_A_FAILURE.toSeconds() + " s after an upload failed (" + failure.getMessage() + ")"
                        : "after " + UPLOADS_END.toMinutes() + " minutes");
    }
}
