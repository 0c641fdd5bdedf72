package io.pilotlight.repo;

import java.io.IOException;
import java.util.Random;

/** Blobs of 1,000 random bytes for the index tests, each stored by a writer of its own: one index file each. */
final class RandomBlobs {
    private RandomBlobs() {
    }

    /** Stores one new blob in its own pack and index file; returns its id. */
    static Hash store(Repository repository, Random random) throws IOException {
        try (BlobWriter writer = repository.newBlobWriter(1)) {
            byte[] data = new byte[1000];
            random.nextBytes(data);
            StoredBlob blob = StoredBlob.of(BlobType.DATA, data, 0, data.length);
            writer.add(blob);
            writer.finish();
            return blob.id();
        }
    }
}
