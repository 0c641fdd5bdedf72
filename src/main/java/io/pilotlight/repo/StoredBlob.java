package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A blob ready for a pack: its id (SHA-256 of the plaintext) and its stored form, zstd-compressed
 * unless that does not make it smaller. The stored form is {@code storedLength} bytes of {@code bytes}
 * from {@code offset}: a blob stored raw is a view of the caller's buffer, not a copy, so that buffer
 * must not change until the blob has been added to a {@link BlobWriter} (which copies it into its pack).
 * Made by the pipeline's workers, in parallel.
 */
public record StoredBlob(BlobType type, Hash id, int compression, byte[] bytes, int offset, int storedLength,
        int rawLength) {
    public StoredBlob {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        requireNonNull(bytes, "bytes is null");
        Objects.checkFromIndexSize(offset, storedLength, bytes.length);
    }

    /** A blob whose stored form is the whole of {@code stored}. */
    public StoredBlob(BlobType type, Hash id, int compression, byte[] stored, int rawLength) {
        this(type, id, compression, stored, 0, stored.length, rawLength);
    }

    /** Hashes and compresses {@code length} bytes of {@code plain} from {@code offset}. */
    public static StoredBlob of(BlobType type, byte[] plain, int offset, int length) {
        return of(type, Hash.of(plain, offset, length), plain, offset, length);
    }

    /**
     * Compresses a blob whose id is already known; stored raw (incompressible), the blob is a view of
     * {@code plain}, which must then not change until the blob is in a writer.
     */
    public static StoredBlob of(BlobType type, Hash id, byte[] plain, int offset, int length) {
        return Compression.compressIfSmaller(plain, offset, length)
                .map(compressed -> new StoredBlob(type, id, Compression.ZSTD, compressed, length))
                .orElseGet(() -> new StoredBlob(type, id, Compression.NONE, plain, offset, length, length));
    }
}
