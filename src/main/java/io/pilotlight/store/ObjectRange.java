package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A ranged read of one object, {@code [offset, offset + length)}. Shared by every store so that
 * they all reject the same ranges with the same message.
 */
record ObjectRange(String key, long offset, int length) {
    ObjectRange {
        requireNonNull(key, "key is null");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("object " + key + ": range of " + length + " bytes at offset "
                    + offset + " is invalid: offset and length must be >= 0");
        }
    }

    long end() {
        return offset + length;
    }

    /** Throws naming the key, the range and the size unless the range lies inside the object. */
    void checkWithin(long size) throws IOException {
        if (offset > size - length) {
            throw new IOException("object " + key + ": range [" + offset + ", " + end()
                    + ") runs past its end (size " + size + ")");
        }
    }
}
