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

    BlobReader(ObjectStore store, IndexReader indexes, int chunkGrains) {
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
        String key = RepositoryLayout.packKey(location.pack());
        PackEntry entry = location.entry();
        byte[] stored;
        try {
            stored = store.get(key, entry.offset(), entry.storedLength());
        } catch (NoSuchObjectException e) {
            throw new CorruptObjectException("pack " + key + " holding blob " + id.shortHex() + " is missing");
        }
        return Pack.decodeBlob("blob " + id.shortHex() + " at offset " + entry.offset() + " of pack " + key, entry,
                stored, 0, checkId);
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
            range = store.get(batch.packKey(), batch.start(), batch.length());
        } catch (NoSuchObjectException e) {
            throw new CorruptObjectException("pack " + batch.packKey() + " holding blob "
                    + batch.ids().get(0).shortHex() + " is missing");
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
