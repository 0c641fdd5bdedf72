package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

/**
 * One blob of a pack: its id (SHA-256 of the plaintext), where it is in the pack, and its sizes.
 */
record PackEntry(Hash id, BlobType type, int compression, int offset, int storedLength, int rawLength) {
    PackEntry {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        if (offset < 0 || storedLength < 0 || rawLength < 0) {
            throw new IllegalArgumentException("blob " + id.shortHex() + ": negative offset or length");
        }
    }
}
