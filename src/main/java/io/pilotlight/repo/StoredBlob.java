package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

/**
 * A blob ready for a pack: its id (SHA-256 of the plaintext) and its stored form, zstd-compressed
 * unless that does not make it smaller. Made by the pipeline's workers, in parallel.
 */
public record StoredBlob(BlobType type, Hash id, int compression, byte[] stored, int rawLength) {
    public StoredBlob {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        requireNonNull(stored, "stored is null");
    }

    /** Hashes and compresses {@code length} bytes of {@code plain} from {@code offset}. */
    public static StoredBlob of(BlobType type, byte[] plain, int offset, int length) {
        return of(type, Hash.of(plain, offset, length), plain, offset, length);
    }

    /** Compresses a blob whose id is already known. */
    public static StoredBlob of(BlobType type, Hash id, byte[] plain, int offset, int length) {
        return Compression.compressIfSmaller(plain, offset, length)
                .map(compressed -> new StoredBlob(type, id, Compression.ZSTD, compressed, length))
                .orElseGet(() -> new StoredBlob(type, id, Compression.NONE,
                        java.util.Arrays.copyOfRange(plain, offset, offset + length), length));
    }
}
