package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads blobs out of packs: one blob with a ranged GET, or a {@link BlobBatch} of blobs close
 * together in one pack with one, and a point's map segments. Finds each blob through the
 * {@link IndexReader} (which reads newer index files before calling a blob missing); checks stored
 * lengths, decompression and, unless the caller checks every grain itself, the blob's id.
 */
final class BlobReader {
    private final ObjectStore store;
    private final IndexReader indexes;
    private final int chunkGrains;
    private final ContentIds ids;

    BlobReader(ObjectStore store, IndexReader indexes, int chunkGrains) {
        this(store, indexes, chunkGrains, ContentIds.SHA256);
    }

    BlobReader(ObjectStore store, IndexReader indexes, int chunkGrains, ContentIds ids) {
        this.ids = ids;
        this.store = store;
        this.indexes = indexes;
        this.chunkGrains = chunkGrains;
    }

    /** Reads a blob, checks it hashes to its id, and returns its plaintext. */
    byte[] readBlob(Hash id) throws IOException {
        return readBlob(id, true);
    }

    byte[] readBlobForGrainChecks(Hash id) throws IOException {
        return readBlob(id, false);
    }

    private byte[] readBlob(Hash id, boolean checkId) throws IOException {
        Index.Location location = indexes.locate(id);
        try {
            return readBlobAt(id, location, checkId);
        } catch (NoSuchObjectException e) {
            Index.Location again = relocate(id, location.pack());
            try {
                return readBlobAt(id, again, checkId);
            } catch (NoSuchObjectException stillGone) {
                throw missing(RepositoryLayout.packKey(again.pack()), id);
            }
        }
    }

    private byte[] readBlobAt(Hash id, Index.Location location, boolean checkId) throws IOException {
        String key = RepositoryLayout.packKey(location.pack());
        PackEntry entry = location.entry();
        byte[] stored = ranged(key, entry.offset(), entry.storedLength());
        return Pack.decodeBlob("blob " + id.shortHex() + " at offset " + entry.offset() + " of pack " + key, entry,
                stored, 0, checkId ? ids : null);
    }

    /**
     * A ranged GET of a pack; a range past the pack's end (a truncated pack) is corrupt data naming
     * the pack and its size, not an I/O error that would stop every reader.
     */
    private byte[] ranged(String key, long offset, int length) throws IOException {
        try {
            return store.get(key, offset, length);
        } catch (NoSuchObjectException | CorruptObjectException e) {
            throw e;
        } catch (IOException e) {
            Optional<io.pilotlight.store.ObjectInfo> info = store.stat(key);
            if (info.isPresent() && info.get().size() < offset + length) {
                throw new CorruptObjectException("pack " + key + " is truncated: " + info.get().size()
                        + " bytes, the index names bytes up to " + (offset + length));
            }
            throw e;
        }
    }

    /**
     * The pack holding {@code id} is gone: reads every index file again (prune may have repacked the
     * blob, §16.4) and returns its new place, or fails naming the missing pack.
     */
    private Index.Location relocate(Hash id, Hash gonePack) throws IOException {
        Optional<Index.Location> again = indexes.reload().find(id);
        if (again.isEmpty() || again.get().pack().equals(gonePack)) {
            throw missing(RepositoryLayout.packKey(gonePack), id);
        }
        return again.get();
    }

    private static CorruptObjectException missing(String packKey, Hash id) {
        return new CorruptObjectException("pack " + packKey + " holding blob " + id.shortHex() + " is missing");
    }

    List<BlobBatch> batches(Collection<Hash> blobs, int maxBytes) throws IOException {
        List<Index.Location> locations = new ArrayList<>(blobs.size());
        for (Hash id : new LinkedHashSet<>(blobs)) {
            locations.add(indexes.locate(id));
        }
        return BlobBatch.plan(locations, maxBytes);
    }

    Map<Hash, ByteBuffer> readBatchForGrainChecks(BlobBatch batch) throws IOException {
        byte[] range;
        try {
            range = ranged(batch.packKey(), batch.start(), batch.length());
        } catch (NoSuchObjectException e) {
            indexes.reload(); // the pack is gone: prune may have repacked its blobs (§16.4)
            Map<Hash, ByteBuffer> plain = new HashMap<>();
            for (Hash id : batch.ids()) {
                plain.put(id, ByteBuffer.wrap(readBlob(id, false)));
            }
            return plain;
        }
        Map<Hash, ByteBuffer> plain = new HashMap<>();
        for (PackEntry entry : batch.entries()) {
            int from = Math.toIntExact(entry.offset() - batch.start());
            String where = "blob " + entry.id().shortHex() + " at offset " + entry.offset() + " of pack "
                    + batch.packKey();
            plain.put(entry.id(), Pack.blobView(where, entry, range, from));
        }
        return plain;
    }

    /** Reads segment {@code index} of a point's map, naming the point when it cannot. */
    Segment readSegment(Manifest manifest, int index) throws IOException {
        Hash id = manifest.segment(index);
        String where = "segment " + index + " (" + id.shortHex() + ") of " + manifest.disk() + "/" + manifest.id();
        byte[] data;
        try {
            data = readBlob(id);
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException(where + ": " + e.getMessage());
        }
        return Segment.decode(where, data, manifest.grainsIn(index), chunkGrains);
    }
}
